# Claims API replica, also the image of the migration job and of the follow-up workers (build context: the
# repository root). Workers run `python -m api.worker`; the migration job runs `alembic -c api/alembic.ini upgrade head`.
FROM python:3.10-slim
WORKDIR /app
COPY api/requirements.txt api/constraints.txt api/
RUN pip install --no-cache-dir -r api/requirements.txt -c api/constraints.txt
COPY api/ api/
# What every service shares: the Chinese text rules and the settings rules (text_rules/, shared_config/).
COPY text_rules/ text_rules/
COPY shared_config/ shared_config/
COPY web/ web/
EXPOSE 8000
CMD ["uvicorn", "api.main:app", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers", "--forwarded-allow-ips", "*"]
