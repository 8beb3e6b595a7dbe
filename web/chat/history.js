/** The conversation kept in this browser: its session id and the messages shown, so a reload continues it. */

const SESSION_KEY = "claims-chat.session-id";
const MESSAGES_KEY = "claims-chat.messages";
// A long claim conversation fits, far below the browser's storage quota.
const KEPT_MESSAGES = 300;

/** The id Rasa keeps this browser's conversation under, made on first use. */
export function sessionId() {
  let id = localStorage.getItem(SESSION_KEY);
  if (!id) {
    // crypto.randomUUID exists only on https pages; getRandomValues works on plain http too.
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    id = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
    localStorage.setItem(SESSION_KEY, id);
  }
  return id;
}

/** The messages shown so far, oldest first. */
export function savedMessages() {
  try {
    return JSON.parse(localStorage.getItem(MESSAGES_KEY)) ?? [];
  } catch {
    return [];
  }
}

/** Remember the messages shown so far. */
export function saveMessages(messages) {
  localStorage.setItem(MESSAGES_KEY, JSON.stringify(messages.slice(-KEPT_MESSAGES)));
}
