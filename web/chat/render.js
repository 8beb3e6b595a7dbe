/** DOM for the chat's messages; every text goes in as a text node, never as HTML. */

// A web address, without the punctuation that ends the sentence around it.
const LINK = /https?:\/\/[^\s<>"'，。；！？、）】]*[^\s<>"'，。；！？、）】.,;:!?)]/g;
const YUAN = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 2 });

/** "12345.5" → "12,345.5元". */
export function formatYuan(amount) {
  return `${YUAN.format(amount)}元`;
}

/** The text with its web addresses as links that open in a new tab. */
export function linkedText(text) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    fragment.append(text.slice(last, match.index));
    const link = document.createElement("a");
    link.href = match[0];
    link.textContent = match[0];
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    fragment.append(link);
    last = match.index + match[0].length;
  }
  fragment.append(text.slice(last));
  return fragment;
}

/** The settlement estimate (contract C3): the items as a table, who pays what as a bar chart. */
export function renderEstimate(estimate) {
  const figure = document.createElement("figure");
  figure.className = "estimate";

  const table = document.createElement("table");
  const caption = table.createCaption();
  caption.textContent = estimate.title;
  const head = table.createTHead().insertRow();
  for (const heading of ["项目", "估算金额"]) {
    const cell = document.createElement("th");
    cell.scope = "col";
    cell.textContent = heading;
    head.append(cell);
  }
  const body = table.createTBody();
  for (const row of estimate.rows) {
    const line = body.insertRow();
    const label = document.createElement("th");
    label.scope = "row";
    label.textContent = row.label;
    line.append(label);
    line.insertCell().textContent = formatYuan(row.amount);
  }

  const chartTitle = document.createElement("p");
  chartTitle.className = "estimate-chart-title";
  chartTitle.textContent = "谁来付";
  const chart = document.createElement("ul");
  chart.className = "estimate-chart";
  chart.setAttribute("aria-label", "谁来付");
  const whole = estimate.split.reduce((sum, part) => sum + Math.max(part.amount, 0), 0);
  for (const part of estimate.split) {
    const share = whole > 0 ? Math.max(part.amount, 0) / whole : 0;
    const item = document.createElement("li");
    const label = document.createElement("span");
    label.className = "bar-label";
    label.textContent = part.label;
    const track = document.createElement("span");
    track.className = "bar-track";
    track.setAttribute("aria-hidden", "true");
    const bar = document.createElement("span");
    bar.className = "bar";
    bar.style.width = `${(share * 100).toFixed(1)}%`;
    track.append(bar);
    const amount = document.createElement("span");
    amount.className = "bar-amount";
    amount.textContent = formatYuan(part.amount);
    item.append(label, track, amount);
    chart.append(item);
  }

  const note = document.createElement("figcaption");
  note.textContent = estimate.note;
  figure.append(table, chartTitle, chart, note);
  return figure;
}

/** One message of the conversation as a list item. */
export function renderMessage(message) {
  const item = document.createElement("li");
  item.className = `message from-${message.sender}`;
  const who = document.createElement("span");
  who.className = "visually-hidden";
  who.textContent = message.sender === "user" ? "您说：" : "助手说：";
  item.append(who);
  if (message.estimate) {
    item.append(renderEstimate(message.estimate));
  } else {
    const bubble = document.createElement("p");
    bubble.className = "bubble";
    bubble.append(linkedText(message.text));
    item.append(bubble);
  }
  return item;
}

/** Buttons for the bot's quick replies; choosing one calls `choose(reply)`. */
export function renderQuickReplies(replies, choose) {
  return replies.map((reply) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "quick-reply";
    button.textContent = reply.title;
    button.addEventListener("click", () => choose(reply));
    return button;
  });
}
