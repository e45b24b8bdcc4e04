// Browser-side behaviour of the chat that must not wait for a server round trip:
// Enter to send, following the stream while it is read, the live connection badge, and the perceived
// time to first token (send → first text painted), reported to the circuit for the performance panel.
(() => {
  "use strict";

  // Enter sends, Shift+Enter inserts a new line (the default).
  document.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLTextAreaElement) || input.dataset.testid !== "chat-input") return;
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    // Judge by the text itself, not by the Send button: its enabled state comes back from the server a
    // round trip later, and a question pasted and sent at once must not be dropped. Blazor delivers the
    // input event before the submit, so the server has the text when it handles the submit.
    const form = input.closest("form");
    if (form && input.value.trim() !== "") form.requestSubmit();
  });

  // Perceived TTFT: measured from the moment the question is submitted until the new answer's first text has been
  // painted (the second animation frame after the text is in the DOM), then handed to the circuit, which matches it
  // to the request by the answer's data-request-id.
  let circuit = null;
  let pending = null;
  const answerIds = () => new Set([...document.querySelectorAll('[data-testid="chat-message"][data-role="assistant"]')]
    .map((el) => el.dataset.requestId).filter(Boolean));
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.querySelector('[data-testid="chat-input"]')) return;
    pending = { sentAt: performance.now(), before: answerIds() };
  }, true);
  const measure = () => {
    if (!pending) return;
    for (const el of document.querySelectorAll('[data-testid="chat-message"][data-role="assistant"][data-request-id]')) {
      const id = el.dataset.requestId;
      if (!id || pending.before.has(id)) continue;
      const text = el.querySelector('[data-testid="chat-message-text"]');
      if (!text || text.textContent.trim().length === 0) continue;
      const sentAt = pending.sentAt;
      pending = null;
      requestAnimationFrame(() => requestAnimationFrame(() => {
        const ms = performance.now() - sentAt;
        if (circuit) circuit.invokeMethodAsync("ReportPerceivedTtft", id, ms).catch(() => { /* circuit gone: nothing to tell */ });
      }));
      return;
    }
  };
  window.adminChatPerf = { register: (ref) => { circuit = ref; } };

  // Follow the stream unless the person has scrolled up to read: "stuck" means at (or near) the bottom.
  const stuck = new WeakMap();
  const nearBottom = (el) => el.scrollHeight - el.scrollTop - el.clientHeight < 48;
  document.addEventListener("scroll", (event) => {
    const el = event.target;
    if (el instanceof HTMLElement && el.classList.contains("chat-messages")) stuck.set(el, nearBottom(el));
  }, true);

  const follow = () => {
    for (const el of document.querySelectorAll(".chat-messages")) {
      if (stuck.get(el) !== false) el.scrollTop = el.scrollHeight;
    }
  };

  // The Blazor script toggles these classes on the reconnect modal; the badge mirrors them.
  const badgeState = (modal) => {
    const c = modal.classList;
    if (c.contains("components-reconnect-failed") || c.contains("components-reconnect-rejected")) return "disconnected";
    if (c.contains("components-reconnect-show")) return "reconnecting";
    return "connected";
  };
  const updateBadges = () => {
    const modal = document.getElementById("components-reconnect-modal");
    if (!modal) return;
    const state = badgeState(modal);
    for (const badge of document.querySelectorAll('[data-testid="streaming-badge"]')) {
      if (badge.dataset.state === "connecting" && state === "connected") continue;
      badge.dataset.state = state;
      const label = badge.querySelector(".label");
      if (label) label.textContent = badge.dataset["text" + state[0].toUpperCase() + state.slice(1)] || state;
    }
  };

  const start = () => {
    new MutationObserver(() => { follow(); measure(); }).observe(document.body, { childList: true, subtree: true, characterData: true });
    const modal = document.getElementById("components-reconnect-modal");
    if (modal) new MutationObserver(updateBadges).observe(modal, { attributes: true, attributeFilter: ["class"] });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
