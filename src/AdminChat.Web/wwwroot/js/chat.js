// Browser-side behaviour of the chat that must not wait for a server round trip:
// Enter to send, following the stream while it is read, and the live connection badge.
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
    new MutationObserver(follow).observe(document.body, { childList: true, subtree: true, characterData: true });
    const modal = document.getElementById("components-reconnect-modal");
    if (modal) new MutationObserver(updateBadges).observe(modal, { attributes: true, attributeFilter: ["class"] });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
