"""Set-up problems a newcomer can hit produce a clear message, not a traceback."""

import os
import shutil
import socket
import subprocess

from tests.conftest import ROOT, free_port


def test_a_port_in_use_is_named_with_the_variable_that_moves_it():
    with socket.socket() as squatter:
        squatter.bind(("0.0.0.0", free_port()))
        squatter.listen()
        port = squatter.getsockname()[1]
        result = subprocess.run(
            [str(ROOT / ".venv/rasa/bin/python"), "-m", "scripts.run_services"],
            cwd=ROOT,
            env=dict(os.environ, RASA_PORT=str(port)),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert result.stderr == (
        f"端口 {port} 已被占用，Rasa server 无法启动。请关闭占用它的程序，或设置 RASA_PORT=其他端口。"
        f" (Port {port} for the Rasa server is in use: free it or set RASA_PORT.)\n"
    )


def test_a_missing_python_310_says_what_to_install(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHON310": str(tmp_path / "no-python")}
    result = subprocess.run(["bash", "scripts/find_python310.sh"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("未找到 Python 3.10。Rasa 3.6 只支持 Python 3.8–3.10，本项目统一使用 3.10。\n")
    assert "pyenv install 3.10.13" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_failed_install_points_to_its_log(tmp_path):
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "requirements.txt").write_text("this-package-does-not-exist-anywhere==0.0.1\n")
    (tmp_path / "broken" / "constraints.txt").write_text("")
    result = subprocess.run(
        ["bash", "scripts/make_venv.sh", "broken", "broken/requirements.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "安装 broken 的依赖失败，完整日志见 var/log/install-broken.log。" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / ".venv" / "broken" / ".installed").exists()


def test_production_refuses_the_development_tokens_before_starting_anything():
    for missing, present in (("RASA_TOKEN", "ACTION_SERVER_TOKEN"), ("ACTION_SERVER_TOKEN", "RASA_TOKEN")):
        env = dict(
            os.environ,
            APP_ENV="production",
            **{present: "p" * 32},
            RASA_PORT=str(free_port()),
            ACTIONS_PORT=str(free_port()),
            API_PORT=str(free_port()),
        )
        env.pop(missing, None)
        result = subprocess.run(
            [str(ROOT / ".venv/rasa/bin/python"), "-m", "scripts.run_services"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (result.returncode, result.stderr) == (
            1,
            f"{missing} must be set to a secret of at least 32 characters in production.\n",
        )
