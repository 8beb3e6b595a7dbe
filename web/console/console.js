// The agent console: plain JavaScript against the claims API (/api/v1), no build step.
"use strict";

const API = "/api/v1";
const FIELDS = ["accident_time", "accident_place", "driver_name", "plate_number", "description", "police_reported",
  "injuries", "hospital", "vehicle_damage", "reporter_name", "contact_phone"];
const INTENT_LABELS = {
  emergency: "紧急情况", report_accident: "报案", ask_report_deadline: "报案时限", ask_advance_payment: "垫付",
  ask_required_materials: "理赔材料", ask_settlement: "赔偿", ask_liability: "事故责任", ask_claim_status: "查进度",
  ask_dispute: "纠纷", request_human: "要求人工", inform: "提供信息", greet: "问候", goodbye: "告别", thank: "感谢",
  affirm: "肯定", deny: "否定", bot_challenge: "问是不是机器人", ask_capabilities: "问能做什么", cancel: "取消",
  express_anger: "情绪激动", stop_reminders: "不要提醒", out_of_scope: "无关问题", faq: "常见问题", nlu_fallback: "没听懂",
};
const ENTITY_LABELS = {
  plate_number: "车牌", phone: "电话", claim_number: "报案号", money: "金额", time: "时间", duration_days: "天数",
  age: "年龄", disability_grade: "伤残等级", liability: "责任", insurance_type: "险种", cost_item: "费用项目",
  region: "地区", hospital: "医院", place: "地点",
};
const KIND_LABELS = { script: "标准话术", question: "下一个问题", faq: "助手回答" };
const MATERIAL_LABELS = { required: "待提交", received: "已收到", waived: "无需提交" };
const TICKET_LABELS = { open: "等待接手", taken: "处理中", closed: "已关闭" };
const REASON_LABELS = { requested: "客户要求人工", misunderstood: "机器人没听懂", severe: "伤情严重", angry: "客户情绪激动",
                        report_rejected: "暂存的报案被拒，请人工报案" };
const CHANNEL_LABELS = { web: "网页", wechat: "微信", rest: "接口", console: "坐席" };
// What the relay action says already starts with "人工理赔员：", so the agent's own turns are labelled 坐席.
const SENDER_LABELS = { user: "客户", bot: "机器人", agent: "坐席" };
// Every poll reads claimant data and so leaves audit rows: often enough for a live chat, no more.
const POLL_MS = 5000;

const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem("consoleToken");
let currentTicket = null;
let pollTimer = null;

class ApiFailure extends Error {}

async function call(path, { method = "GET", body, form } = {}) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const init = { method, headers };
  if (form) {
    init.body = new URLSearchParams(form);
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(API + path, init);
  } catch {
    throw new ApiFailure("连不上理赔后台，请检查网络后再试。");
  }
  const data = await response.json().catch(() => ({}));
  if (response.status === 401 && !form) {
    signOut("登录已失效，请重新登录。");
  }
  if (!response.ok) throw new ApiFailure(data.detail || "请求没有成功，请稍后再试。");
  return data;
}

function show(id, text) { $(id).textContent = text || ""; }

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// --- signing in -------------------------------------------------------------------------------------------------

function enterWorkspace(username) {
  $("login-panel").hidden = true;
  $("workspace").hidden = false;
  $("who").hidden = false;
  show("agent-name", `坐席：${username}`);
  $("caller-text").focus();
  loadQueue();
  clearInterval(pollTimer);
  pollTimer = setInterval(poll, POLL_MS);
}

function signOut(message) {
  token = null;
  sessionStorage.removeItem("consoleToken");
  clearInterval(pollTimer);
  $("workspace").hidden = true;
  $("who").hidden = true;
  $("login-panel").hidden = false;
  show("login-error", message);
  $("username").focus();
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  show("login-error");
  const username = $("username").value.trim();
  try {
    const data = await call("/auth/token", { method: "POST", form: { username, password: $("password").value } });
    token = data.access_token;
    sessionStorage.setItem("consoleToken", token);
    sessionStorage.setItem("consoleAgent", username);
    $("password").value = "";
    enterWorkspace(username);
  } catch (error) {
    show("login-error", error.message);
  }
});

$("logout").addEventListener("click", () => signOut(""));

// --- the intake sheet --------------------------------------------------------------------------------------------

function readIntake() {
  const intake = {};
  for (const name of FIELDS) {
    const value = $(`f-${name}`).value.trim();
    if (!value) intake[name] = null;
    else if (name === "police_reported") intake[name] = value === "true";
    else if (name === "accident_time") intake[name] = `${value}:00+08:00`;
    else intake[name] = value;
  }
  return intake;
}

function writeIntake(intake, missing) {
  for (const name of FIELDS) {
    const value = intake[name];
    let shown = value === null || value === undefined ? "" : String(value);
    // The API answers in Beijing time ("2026-11-22T20:00:00+08:00"); the input wants "2026-11-22T20:00".
    if (name === "accident_time" && shown) shown = shown.slice(0, 16);
    $(`f-${name}`).value = shown;
  }
  const missingNames = new Set(missing.map((item) => item.field));
  for (const row of document.querySelectorAll("#intake-form .field")) {
    row.classList.toggle("missing", missingNames.has(row.dataset.field));
  }
  show("missing-summary", missing.length ? `还缺：${missing.map((item) => item.label).join("、")}` : "信息已齐全");
}

for (const row of document.querySelectorAll("#intake-form .field")) {
  row.querySelector("input, select, textarea").addEventListener("input", (event) => {
    row.classList.toggle("missing", event.target.value.trim() === "");
  });
}

// --- reading what the caller says --------------------------------------------------------------------------------

function renderSuggestions(suggestions) {
  const list = $("suggestions");
  list.replaceChildren();
  if (!suggestions.length) list.append(element("li", "muted", "没有需要特别说明的话术。"));
  for (const suggestion of suggestions) {
    const item = element("li", "suggestion");
    item.append(element("span", `kind ${suggestion.kind}`, KIND_LABELS[suggestion.kind]));
    item.append(element("span", "text", suggestion.text));
    const copy = element("button", "secondary small copy", "复制");
    copy.type = "button";
    copy.addEventListener("click", () => copyText(suggestion.text, copy));
    item.append(" ", copy, element("span", "source", `来源：${suggestion.source}`));
    list.append(item);
  }
}

function renderRules(rules) {
  const list = $("rules");
  list.replaceChildren();
  if (!rules.length) list.append(element("li", "muted", "没有特别的规则提示。"));
  for (const rule of rules) {
    const item = element("li", "", rule.note);
    item.append(element("span", "source", `依据：${rule.source}`));
    list.append(item);
  }
}

async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const scratch = element("textarea");
    scratch.value = text;
    document.body.append(scratch);
    scratch.select();
    document.execCommand("copy");
    scratch.remove();
  }
  button.textContent = "已复制";
  setTimeout(() => { button.textContent = "复制"; }, 1500);
}

async function analyse() {
  const text = $("caller-text").value.trim();
  show("analyse-error");
  if (!text) {
    show("analyse-error", "请先输入来电人说的话。");
    return;
  }
  $("analyse").disabled = true;
  try {
    const result = await call("/copilot/analyse", { method: "POST", body: { text, intake: readIntake() } });
    $("recognised").hidden = false;
    show("intent", INTENT_LABELS[result.intent.name] || result.intent.name || "未识别");
    const topic = result.faq_topic ? ` · ${result.faq_topic}` : "";
    show("confidence", `置信度 ${Math.round(result.intent.confidence * 100)}%${topic}`);
    $("entities").replaceChildren(...result.entities.map((entity) =>
      element("li", "", `${ENTITY_LABELS[entity.entity] || entity.entity}：${entity.value}`)));
    writeIntake(result.intake, result.missing);
    renderSuggestions(result.suggestions);
    renderRules(result.rules);
    $("caller-text").select();
  } catch (error) {
    show("analyse-error", error.message);
  } finally {
    $("analyse").disabled = false;
  }
}

$("analyse").addEventListener("click", analyse);
$("caller-text").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    analyse();
  }
});

$("new-call").addEventListener("click", () => {
  $("caller-text").value = "";
  writeIntake({}, []);
  show("missing-summary");
  show("claim-result");
  show("claim-error");
  $("recognised").hidden = true;
  renderSuggestions([]);
  renderRules([]);
  $("caller-text").focus();
});

// --- creating the claim ------------------------------------------------------------------------------------------

$("intake-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  show("claim-error");
  show("claim-result");
  const body = { intake: readIntake() };
  if (currentTicket && currentTicket.status === "taken") body.conversation_id = currentTicket.conversation_id;
  try {
    const claim = await call("/copilot/claims", { method: "POST", body });
    show("claim-result", `报案已创建，报案号：${claim.claim_number}`);
    $("lookup-number").value = claim.claim_number;
    lookUp(claim.claim_number);
  } catch (error) {
    show("claim-error", error.message);
  }
});

// --- claim status and checklist ----------------------------------------------------------------------------------

async function lookUp(number) {
  show("lookup-error");
  try {
    const [claim, materials] = await Promise.all([
      call(`/claims/${encodeURIComponent(number)}`),
      call(`/claims/${encodeURIComponent(number)}/materials`),
    ]);
    $("claim-view").hidden = false;
    // The claims API words the status (api/domain/claim_status.py); the console shows what it says.
    show("claim-status", claim.status_label);
    show("claim-updated", `更新于 ${new Date(claim.updated_at).toLocaleString("zh-CN")}`);
    $("checklist").replaceChildren(...materials.map((material) => {
      const item = element("li", material.status,
        `${material.group_title} · ${material.name}：${MATERIAL_LABELS[material.status]}`);
      item.title = material.note;
      return item;
    }));
  } catch (error) {
    $("claim-view").hidden = true;
    show("lookup-error", error.message);
  }
}

$("lookup-form").addEventListener("submit", (event) => {
  event.preventDefault();
  lookUp($("lookup-number").value.trim().toUpperCase());
});

// --- the handoff queue -------------------------------------------------------------------------------------------

async function loadQueue() {
  try {
    const [open, taken] = await Promise.all([
      call("/handoffs?status=open&limit=100"),
      call("/handoffs?status=taken&limit=100"),
    ]);
    renderQueue([...taken.items, ...open.items]);
  } catch (error) {
    show("ticket-error", error.message);
  }
}

function renderQueue(tickets) {
  const list = $("queue");
  list.replaceChildren();
  if (!tickets.length) list.append(element("li", "muted", "暂无等待的工单。"));
  for (const ticket of tickets) {
    const button = element("button", "ticket-item",
      [`#${ticket.id} ${TICKET_LABELS[ticket.status]}`, CHANNEL_LABELS[ticket.channel], REASON_LABELS[ticket.reason],
        ticket.agent].filter(Boolean).join(" · "));
    button.type = "button";
    button.dataset.id = ticket.id;
    button.setAttribute("aria-current", String(currentTicket !== null && currentTicket.id === ticket.id));
    button.addEventListener("click", () => openTicket(ticket));
    const item = element("li");
    item.append(button);
    list.append(item);
  }
}

function renderTicket(ticket) {
  currentTicket = ticket;
  $("ticket").hidden = false;
  show("ticket-id", ticket.id);
  show("ticket-status", TICKET_LABELS[ticket.status]);
  show("ticket-summary", ticket.summary);
  const mine = ticket.status === "taken" && ticket.agent === sessionStorage.getItem("consoleAgent");
  $("take").disabled = ticket.status !== "open";
  $("hand-back").disabled = !mine;
  $("send-reply").disabled = !mine;
  $("reply-text").disabled = !mine;
}

function renderConversation(turns) {
  const box = $("conversation");
  const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
  box.replaceChildren(...turns.map((turn) => {
    const line = element("div", `turn ${turn.sender}`);
    line.append(element("span", "who", `${SENDER_LABELS[turn.sender]}：`), element("span", "text", turn.text));
    return line;
  }));
  if (atBottom) box.scrollTop = box.scrollHeight;
}

async function loadConversation() {
  try {
    const conversation = await call(`/copilot/handoffs/${currentTicket.id}/conversation`);
    renderConversation(conversation.turns);
  } catch {
    // Rasa down: the transcript the bot saved with the ticket is the best we have.
    renderConversation(currentTicket.transcript);
  }
}

async function openTicket(ticket) {
  show("ticket-error");
  show("ticket-notice");
  renderTicket(ticket);
  await loadConversation();
  loadQueue();
}

async function ticketAction(path, body, notice) {
  show("ticket-error");
  show("ticket-notice");
  try {
    const ticket = await call(path, { method: "POST", body });
    renderTicket(ticket);
    show("ticket-notice", notice);
    await loadConversation();
    loadQueue();
    return true;
  } catch (error) {
    show("ticket-error", error.message);
    return false;
  }
}

$("take").addEventListener("click", async () => {
  if (await ticketAction(`/handoffs/${currentTicket.id}/take`, undefined, "已接手，现在可以回复客户了。")) {
    $("reply-text").focus();
  }
});

async function sendReply() {
  const text = $("reply-text").value.trim();
  if (!text) {
    show("ticket-error", "请先输入要回复客户的内容。");
    return;
  }
  if (await ticketAction(`/copilot/handoffs/${currentTicket.id}/messages`, { text }, "已发送给客户。")) {
    $("reply-text").value = "";
  }
}

$("send-reply").addEventListener("click", sendReply);
$("reply-text").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    sendReply();
  }
});

$("hand-back").addEventListener("click", () =>
  ticketAction(`/copilot/handoffs/${currentTicket.id}/hand-back`, {}, "已交还机器人，工单已关闭。"));

$("refresh-queue").addEventListener("click", loadQueue);

function poll() {
  if (!token) return;
  loadQueue();
  if (currentTicket && currentTicket.status !== "closed") loadConversation();
}

if (token) enterWorkspace(sessionStorage.getItem("consoleAgent") || "");
