/** The web chat: talks to Rasa's socket.io channel and keeps the conversation across reloads and reconnects. */

import { savedMessages, saveMessages, sessionId } from "./history.js";
import { renderMessage, renderQuickReplies } from "./render.js";

const CONNECTING = "正在连接……";
const RECONNECTING = "网络断开了，正在重新连接……您说过的话都还在。";
const NO_SERVICE = "暂时连不上服务，请稍后刷新页面再试。";

const session = sessionId();
const messages = savedMessages();
const conversation = document.querySelector("main");
const log = document.getElementById("messages");
const quickReplies = document.getElementById("quick-replies");
const connection = document.getElementById("connection");
const composer = document.getElementById("composer");
const input = document.getElementById("message-input");
const sendButton = document.getElementById("send-button");
let socket = null;

/** The message a bot_uttered event carries, or null for payloads this page does not show. */
function botMessage(data) {
  if (data?.type === "settlement_estimate") {
    return { sender: "bot", estimate: data };
  }
  if (typeof data?.text === "string") {
    return { sender: "bot", text: data.text, quickReplies: data.quick_replies ?? [] };
  }
  return null;
}

/** The quick replies still open: those of the latest bot message, unless the user spoke after it. */
function openQuickReplies() {
  for (const message of [...messages].reverse()) {
    if (message.sender === "user") return [];
    if (message.quickReplies?.length) return message.quickReplies;
  }
  return [];
}

function showQuickReplies() {
  quickReplies.replaceChildren(...renderQuickReplies(openQuickReplies(), (reply) => send(reply.payload, reply.title)));
}

function scrollToLatest() {
  conversation.scrollTop = conversation.scrollHeight;
}

function show(message) {
  messages.push(message);
  saveMessages(messages);
  log.append(renderMessage(message));
  showQuickReplies();
  scrollToLatest();
}

/** Send the text to the bot; `shown` is what the conversation shows (a quick reply's title). */
function send(text, shown = text) {
  if (socket === null) return;  // config.json is still on its way
  show({ sender: "user", text: shown });
  // While reconnecting, socket.io holds the message and sends it once the connection is back.
  socket.emit("user_uttered", { message: text, session_id: session });
}

function updateSendButton() {
  sendButton.disabled = socket === null || input.value.trim() === "";
}

function setConnectionState(text) {
  connection.textContent = text;
  connection.hidden = text === "";
}

async function connect() {
  try {
    const config = await (await fetch("config.json")).json();
    socket = window.io(config.rasa_url);
  } catch {
    setConnectionState(NO_SERVICE);
    return;
  }
  // Joining the session's room again on every (re)connect lets the bot's replies and pushes reach this page.
  socket.on("connect", () => socket.emit("session_request", { session_id: session }));
  socket.on("session_confirm", () => setConnectionState(""));
  socket.on("disconnect", () => setConnectionState(RECONNECTING));
  socket.on("connect_error", () => setConnectionState(RECONNECTING));
  socket.on("bot_uttered", (data) => {
    const message = botMessage(data);
    if (message) show(message);
  });
  updateSendButton();
}

composer.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (text === "") return;
  send(text);
  input.value = "";
  updateSendButton();
  input.focus();
});
input.addEventListener("input", updateSendButton);

log.append(...messages.map(renderMessage));
showQuickReplies();
scrollToLatest();
setConnectionState(CONNECTING);
connect();
