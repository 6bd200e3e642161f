/*
 * interviewer chat widget: <script src="https://HOST/widget.js" data-study="STUDY_ID"></script>
 *
 * A dependency-free Web Component (<interviewer-chat>) in a shadow root. It works under a strict
 * Content-Security-Policy: no inline scripts or styles, no eval; styles are a constructed
 * stylesheet, and every piece of text (the moderator's and the respondent's) is set with
 * textContent, never parsed as HTML.
 *
 * Attributes of the script tag: data-study (required), data-invite (an invite token),
 * data-mode ("launcher", the default: a button that opens a chat panel; "page": full size),
 * data-respondent (a label such as a panel id), data-accent (a CSS color), data-label (the
 * launcher's text).
 */
(() => {
  "use strict";
  if (customElements.get("interviewer-chat")) return;
  const script = document.currentScript;
  const API = script ? new URL(script.src, location.href).origin : location.origin;
  const CONFIG = script ? Object.assign({}, script.dataset) : {};

  const MAX_ATTEMPTS = 8;
  const POLL_MS = 1500;
  const OTHER = "Other";

  const STYLES = `
:host { all: initial; --accent: #4f46e5; --accent-ink: #fff; --ink: #1f2937; --muted: #6b7280;
  --line: #e5e7eb; --bg: #fff; --soft: #f3f4f6; --mine: var(--accent); --radius: 16px;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
button, input, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid color-mix(in srgb, var(--accent) 55%, transparent); outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; display: flex;
  align-items: center; gap: 10px; padding: 12px 18px 12px 14px; border: 0; border-radius: 999px;
  background: var(--accent); color: var(--accent-ink); font-weight: 600;
  box-shadow: 0 10px 25px rgba(15, 23, 42, .22); transition: transform .15s ease; }
.launcher:hover { transform: translateY(-2px); }
.launcher svg { width: 22px; height: 22px; }
.wrap.mode-page { height: 100%; }
/* clip, not just hidden: focusing a control must scroll .log/.controls, never the panel. */
.panel { display: flex; flex-direction: column; background: var(--bg); overflow: hidden; overflow: clip; }
.mode-launcher .panel { position: fixed; right: 20px; bottom: 88px; z-index: 2147483000;
  width: 400px; height: min(700px, calc(100vh - 110px)); border-radius: var(--radius);
  box-shadow: 0 24px 60px rgba(15, 23, 42, .25); border: 1px solid var(--line); }
.mode-page .panel { width: 100%; height: 100%; border-radius: var(--radius);
  box-shadow: 0 10px 30px rgba(15, 23, 42, .08); border: 1px solid var(--line); }
.header { display: flex; align-items: center; gap: 12px; padding: 14px 16px 12px;
  background: var(--accent); color: var(--accent-ink); position: relative; }
.avatar { flex: none; width: 36px; height: 36px; border-radius: 50%; display: grid; place-items: center;
  background: rgba(255, 255, 255, .18); }
.avatar svg { width: 20px; height: 20px; }
.titles { flex: 1; min-width: 0; }
.titles h2 { margin: 0; font-size: 15px; font-weight: 650; line-height: 1.3; overflow: hidden;
  text-overflow: ellipsis; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; }
.titles p { margin: 2px 0 0; font-size: 12.5px; opacity: .85; }
.close { flex: none; width: 34px; height: 34px; border: 0; border-radius: 50%; background: transparent;
  color: inherit; display: grid; place-items: center; }
.close:hover { background: rgba(255, 255, 255, .16); }
.close svg { width: 18px; height: 18px; }
.progress { position: absolute; left: 0; right: 0; bottom: 0; height: 3px; background: rgba(255, 255, 255, .25); }
.progress span { display: block; height: 100%; width: 0; background: #fff; transition: width .3s ease; }
.log { flex: 1 1 auto; min-height: 120px; overflow-y: auto; padding: 18px 16px 8px; display: flex; flex-direction: column;
  gap: 10px; background: #fafafb; overscroll-behavior: contain; }
.msg { display: flex; }
.msg.respondent { justify-content: flex-end; }
.bubble { margin: 0; max-width: 85%; padding: 10px 14px; border-radius: 18px; white-space: pre-wrap;
  overflow-wrap: anywhere; }
.moderator .bubble { background: var(--bg); border: 1px solid var(--line); border-bottom-left-radius: 6px; }
.respondent .bubble { background: var(--mine); color: var(--accent-ink); border-bottom-right-radius: 6px; }
.respondent.pending .bubble { opacity: .7; }
.respondent.failed .bubble { background: #fee2e2; color: #7f1d1d; }
.typing .bubble { display: flex; gap: 4px; padding: 14px; }
.typing i { width: 7px; height: 7px; border-radius: 50%; background: var(--muted); opacity: .5;
  animation: blink 1.2s infinite ease-in-out; }
.typing i:nth-child(2) { animation-delay: .15s; } .typing i:nth-child(3) { animation-delay: .3s; }
@keyframes blink { 0%, 80%, 100% { opacity: .25; } 40% { opacity: .9; } }
.status { padding: 0 16px; font-size: 13px; color: #b91c1c; }
.status:empty { display: none; }
.status button { margin-left: 8px; border: 1px solid currentColor; background: none; border-radius: 8px;
  padding: 2px 10px; color: inherit; }
.controls { flex: none; max-height: 52%; overflow-y: auto; padding: 10px 16px 6px; display: flex;
  flex-direction: column; gap: 10px; border-top: 1px solid var(--line); background: var(--bg); }
.controls:empty { display: none; }
.hint { margin: 0; font-size: 13px; color: var(--muted); }
.row { display: flex; gap: 8px; flex-wrap: wrap; }
.choice { flex: 1 1 auto; min-height: 44px; padding: 10px 16px; border: 1.5px solid var(--line);
  border-radius: 12px; background: var(--bg); font-weight: 550; }
.choice:hover { border-color: var(--accent); }
.choice.primary, .send-choice { background: var(--accent); border-color: var(--accent); color: var(--accent-ink); }
.scale { display: grid; grid-template-columns: repeat(auto-fit, minmax(40px, 1fr)); gap: 6px; }
.scale button { min-height: 44px; border: 1.5px solid var(--line); border-radius: 10px; background: var(--bg);
  font-weight: 600; }
.scale button:hover, .scale button:focus-visible { border-color: var(--accent); background: color-mix(in srgb, var(--accent) 8%, #fff); }
.ends { display: flex; justify-content: space-between; gap: 12px; font-size: 12.5px; color: var(--muted); }
.options { display: flex; flex-direction: column; gap: 6px; margin: 0;
  padding: 0; border: 0; }
.option { display: flex; align-items: center; gap: 10px; min-height: 42px; padding: 7px 12px;
  border: 1.5px solid var(--line); border-radius: 12px; background: var(--bg); cursor: pointer; }
.option:hover { border-color: var(--accent); }
.option:has(input:checked) { border-color: var(--accent); background: color-mix(in srgb, var(--accent) 7%, #fff); }
.option:has(input:disabled) { opacity: .5; cursor: not-allowed; }
.option input { width: 18px; height: 18px; margin: 0; accent-color: var(--accent); flex: none; }
.other { width: 100%; min-height: 40px; padding: 8px 12px; border: 1.5px solid var(--line); border-radius: 10px; }
.actions { display: flex; gap: 8px; justify-content: flex-end; align-items: center; position: sticky;
  bottom: -6px; padding: 6px 0; background: var(--bg); }
.actions .hint { flex: 1; }
.actions .skip { margin-right: auto; }
.send-choice { min-height: 40px; padding: 8px 18px; border: 0; border-radius: 10px; font-weight: 600; }
.send-choice:disabled { opacity: .45; cursor: not-allowed; }
.rank { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
.rank li { display: flex; align-items: center; gap: 10px; min-height: 46px; padding: 6px 6px 6px 10px;
  border: 1.5px solid var(--line); border-radius: 12px; background: var(--bg); touch-action: none;
  user-select: none; }
.rank li.outside { opacity: .55; }
.rank li.dragging { border-color: var(--accent); box-shadow: 0 8px 20px rgba(15, 23, 42, .15); }
.rank .grip { cursor: grab; color: var(--muted); display: grid; place-items: center; width: 20px; }
.rank .pos { flex: none; width: 26px; height: 26px; border-radius: 50%; display: grid; place-items: center;
  background: var(--accent); color: var(--accent-ink); font-size: 13px; font-weight: 700; }
.rank li.outside .pos { background: var(--soft); color: var(--muted); }
.rank .label { flex: 1; }
.rank .move { width: 34px; height: 34px; border: 0; border-radius: 8px; background: var(--soft); }
.rank .move:disabled { opacity: .35; cursor: default; }
.rank li.cut { min-height: 0; padding: 4px 0 0; border: 0; border-top: 1px dashed #cbd5e1;
  border-radius: 0; justify-content: center; font-size: 12px; color: var(--muted); background: none; }
.composer { flex: none; display: flex; align-items: flex-end; gap: 8px; padding: 10px 12px 12px; border-top: 1px solid var(--line); }
.controls:not(:empty) + .composer { border-top: 0; padding-top: 4px; }
.composer textarea { flex: 1; resize: none; min-height: 44px; max-height: 140px; padding: 11px 14px;
  border: 1.5px solid var(--line); border-radius: 22px; background: var(--bg); line-height: 1.4; }
.composer textarea:focus { border-color: var(--accent); outline: none; }
.composer .send { flex: none; width: 44px; height: 44px; border: 0; border-radius: 50%;
  background: var(--accent); color: var(--accent-ink); display: grid; place-items: center; }
.composer .send:disabled { opacity: .4; cursor: not-allowed; }
.composer .send svg { width: 20px; height: 20px; }
.skip { border: 0; background: none; color: var(--muted); text-decoration: underline; padding: 4px; font-size: 13px; }
.foot { padding: 0 16px 10px; font-size: 11.5px; color: var(--muted); text-align: center; }
.done { margin: 4px 16px 12px; padding: 12px; border-radius: 12px; background: var(--soft); text-align: center;
  font-size: 14px; }
@media (max-width: 520px) {
  .mode-launcher .panel { inset: 0; width: auto; height: auto; border-radius: 0; border: 0; }
  .mode-launcher.open .launcher { display: none; }
  .mode-page .panel { border-radius: 0; border: 0; }
  .launcher span { display: none; }
  .launcher { padding: 14px; }
}
@media (prefers-reduced-motion: reduce) { * { animation: none !important; transition: none !important; } }
`;

  const ICONS = {
    chat: "M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6A.5.5 0 0 1 5 19.2V16h-.5A2.5 2.5 0 0 1 2 13.5",
    close: "M6 6l12 12M18 6L6 18",
    send: "M4 12l16-8-6 16-2.5-6.5L4 12z",
    grip: "M9 6h.01M9 12h.01M9 18h.01M15 6h.01M15 12h.01M15 18h.01",
  };

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  function icon(name) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("fill", "none");
    svg.setAttribute("stroke", "currentColor");
    svg.setAttribute("stroke-width", name === "grip" ? "3" : "2");
    svg.setAttribute("stroke-linecap", "round");
    svg.setAttribute("stroke-linejoin", "round");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    svg.append(path);
    return svg;
  }

  function newKey() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  class HttpError extends Error {
    constructor(status, detail, retryAfter, code, message) {
      super(detail);
      this.status = status;
      this.retryAfter = retryAfter;
      this.code = code || null;
      this.forRespondent = message || null; // in the study's language, when the server sent one
    }
    get retryable() {
      return this.status === 0 || this.status >= 500 || this.status === 429 ||
        (this.status === 409 && this.retryAfter !== null);
    }
  }

  class InterviewerChat extends HTMLElement {
    constructor() {
      super();
      this.root = this.attachShadow({ mode: "open" });
      this.session = null;
      this.sending = false;
    }

    connectedCallback() {
      if (this.built) return;
      this.built = true;
      this.cfg = Object.assign({}, CONFIG, this.dataset);
      this.study = this.cfg.study;
      this.mode = this.cfg.mode === "page" ? "page" : "launcher";
      this.storeKey = `interviewer:${API}:${this.study}:${this.cfg.invite || "open"}`;
      this.adoptStyles();
      if (this.cfg.accent && CSS.supports && CSS.supports("color", this.cfg.accent)) {
        this.style.setProperty("--accent", this.cfg.accent);
      }
      this.build();
      if (!this.study) return this.fail("The widget needs a data-study attribute.");
      if (this.mode === "page") this.boot();
    }

    adoptStyles() {
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(STYLES);
        this.root.adoptedStyleSheets = [sheet];
      } catch (_) {
        this.root.append(el("style", { text: STYLES })); // older browsers (needs style-src)
      }
    }

    // -- layout --------------------------------------------------------------------------

    // The widget's own wording comes with every snapshot, in the interview's language
    // (catalogue section "widget"); the English text here is only the fallback before it arrives.
    t(key, fallback, fields) {
      const text = (this.labels && this.labels[key]) || null;
      if (!text) return fallback;
      return fields ? text.replace(/\{(\w+)\}/g, (m, name) => (name in fields ? String(fields[name]) : m)) : text;
    }

    relabel(labels) {
      if (!labels || !Object.keys(labels).length) return;
      const fresh = JSON.stringify(labels) !== JSON.stringify(this.labels || {});
      this.labels = labels;
      if (!fresh) return;
      this.progress.setAttribute("aria-label", this.t("progress_label", "Interview progress"));
      this.log.setAttribute("aria-label", this.t("conversation", "Conversation"));
      this.input.setAttribute("aria-label", this.t("your_answer", "Your answer"));
      this.sendButton.setAttribute("aria-label", this.t("send_answer", "Send answer"));
      this.foot.textContent = this.t("foot", this.foot.textContent);
      const close = this.root.querySelector("button.close");
      if (close) close.setAttribute("aria-label", this.t("close_chat", "Close chat"));
      if (this.launcher && !this.cfg.label) this.launcher.querySelector("span").textContent = this.t("open", "Share your experience");
    }

    build() {
      const wrap = el("div", { class: `wrap mode-${this.mode}` });
      this.wrap = wrap;
      if (this.mode === "launcher") {
        this.launcher = el("button", {
          class: "launcher", type: "button", "aria-expanded": "false", "aria-controls": "panel",
          onclick: () => this.toggle(),
        }, icon("chat"), el("span", { text: this.cfg.label || this.t("open", "Share your experience") }));
        wrap.append(this.launcher);
      }
      this.titleEl = el("h2", { id: "title", text: this.t("title", "Research interview") });
      this.subtitle = el("p", { text: this.t("connecting", "Connecting…") });
      this.bar = el("span");
      this.progress = el("div", {
        class: "progress", role: "progressbar", "aria-label": this.t("progress_label", "Interview progress"),
        "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": "0",
      }, this.bar);
      const header = el("header", { class: "header" },
        el("div", { class: "avatar" }, icon("chat")),
        el("div", { class: "titles" }, this.titleEl, this.subtitle),
        this.mode === "launcher"
          ? el("button", { class: "close", type: "button", "aria-label": this.t("close_chat", "Close chat"),
              onclick: () => this.toggle(false) }, icon("close"))
          : null,
        this.progress);
      this.log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": this.t("conversation", "Conversation"), tabindex: "0" });
      this.status = el("div", { class: "status", role: "status" });
      this.announcer = el("div", { class: "sr-only", "aria-live": "polite" });
      this.controls = el("div", { class: "controls" });
      this.input = el("textarea", {
        id: "answer", rows: "1", placeholder: this.t("placeholder", "Type your answer…"), "aria-label": this.t("your_answer", "Your answer"),
        maxlength: "4000", onkeydown: (e) => this.onInputKey(e), oninput: () => { this.noteInput(); this.autosize(); },
        onpaste: (e) => this.notePaste(e),
      });
      this.resetDraft();
      this.sendButton = el("button", { class: "send", type: "submit", "aria-label": this.t("send_answer", "Send answer") }, icon("send"));
      this.composer = el("form", { class: "composer", onsubmit: (e) => { e.preventDefault(); this.sendText(); } },
        this.input, this.sendButton);
      this.foot = el("div", { class: "foot", text: this.t("foot", "Your answers are saved for research. You can skip or stop at any time.") });
      this.panel = el("section", {
        class: "panel", id: "panel", role: "dialog", "aria-labelledby": "title",
        hidden: this.mode === "launcher", onkeydown: (e) => { if (e.key === "Escape" && this.mode === "launcher") this.toggle(false); },
      }, header, this.log, this.status, this.controls, this.composer, this.foot, this.announcer);
      wrap.append(this.panel);
      this.root.append(wrap);
      this.setBusy(true);
    }

    toggle(open) {
      const show = open === undefined ? this.panel.hidden : open;
      this.panel.hidden = !show;
      this.wrap.classList.toggle("open", show);
      this.launcher.setAttribute("aria-expanded", String(show));
      this.launcher.setAttribute("aria-label", show ? this.t("close_interview", "Close interview chat") : this.t("open_chat", "Open interview chat"));
      if (show) {
        if (!this.booted) this.boot();
        else this.focusAnswer();
      } else {
        this.launcher.focus();
      }
    }

    // -- session lifecycle ---------------------------------------------------------------

    async boot() {
      this.booted = true;
      const saved = this.load();
      try {
        if (saved) {
          try {
            const snap = await this.api("GET", `/sessions/${saved.session_id}`, null, saved.token);
            this.session = saved;
            this.render(snap);
            if (saved.outbox) return this.deliver(saved.outbox, true);
            if (snap.busy) return this.poll();
            return;
          } catch (err) {
            if (!(err instanceof HttpError) || ![401, 403, 404].includes(err.status)) throw err;
            this.forget(); // the session is gone or not ours: start afresh
          }
        }
        const body = { invite: this.cfg.invite || null, respondent: this.cfg.respondent || null };
        const started = await this.withRetries(() => this.api("POST", "/sessions", body));
        this.session = { session_id: started.session_id, token: started.token };
        this.save();
        this.render(started.session);
      } catch (err) {
        if (err instanceof HttpError && err.code === "origin_not_allowed") {
          // Final: retrying cannot help until the researcher allows this site.
          console.error(`interviewer: ${err.message}`);
          return this.fail(err.forRespondent || this.t("origin_refused",
            "This website is not allowed to show this interview. Please let the site's owner know."));
        }
        this.fail(err.message || String(err), () => this.boot());
      }
    }

    async poll() {
      for (let i = 0; i < 40; i++) {
        await sleep(POLL_MS);
        const snap = await this.api("GET", `/sessions/${this.session.session_id}`, null, this.session.token);
        if (!snap.busy) return this.render(snap);
      }
      this.fail(this.t("slow", "The reply is taking unusually long."), () => this.poll());
    }

    load() {
      try { return JSON.parse(localStorage.getItem(this.storeKey) || "null"); } catch (_) { return null; }
    }
    save() {
      try { localStorage.setItem(this.storeKey, JSON.stringify(this.session)); } catch (_) { /* private mode */ }
    }
    forget() {
      try { localStorage.removeItem(this.storeKey); } catch (_) { /* private mode */ }
    }

    // -- sending -------------------------------------------------------------------------

    // Telemetry of the answer being written, sent with it (docs/privacy.md): how long it
    // took, how many pastes and how many characters arrived by pasting. Never the keys pressed
    // and never what was pasted — only its length.
    resetDraft() { this.draft = { started: null, pastes: 0, pastedChars: 0 }; }

    noteInput() {
      if (!this.input.value) { this.resetDraft(); return; } // cleared: a new answer starts
      if (this.draft.started === null) this.draft.started = performance.now();
    }

    notePaste(e) {
      const pasted = (e.clipboardData && e.clipboardData.getData("text")) || "";
      if (this.draft.started === null) this.draft.started = performance.now();
      this.draft.pastes += 1;
      this.draft.pastedChars += pasted.length;
    }

    telemetry(text) {
      const d = this.draft;
      return {
        typing_ms: d.started === null ? 0 : Math.max(0, Math.round(performance.now() - d.started)),
        pastes: d.pastes,
        pasted_chars: Math.min(d.pastedChars, text.length),
      };
    }

    sendText() {
      const text = this.input.value.trim();
      if (!text || this.sending || !this.session) return;
      const telemetry = this.telemetry(text);
      this.resetDraft();
      this.input.value = "";
      this.autosize();
      this.submit({ text, telemetry });
    }

    submit(message) {
      const outbox = Object.assign({ idempotency_key: newKey() }, message);
      outbox.shown = message.label || message.text;
      this.session.outbox = outbox; // kept until answered: a reload resends it with the same key
      this.save();
      this.deliver(outbox, false);
    }

    async deliver(outbox, afterReload) {
      this.sending = true;
      this.setBusy(true);
      this.clearStatus();
      this.controls.replaceChildren();
      const mine = afterReload ? null : this.addMessage("respondent", outbox.shown, "pending");
      const typing = this.addTyping();
      const body = { idempotency_key: outbox.idempotency_key, text: outbox.text || "" };
      if ("selection" in outbox) { body.selection = outbox.selection; body.other_text = outbox.other_text || null; }
      if (outbox.telemetry) body.telemetry = outbox.telemetry;
      let bubble = null;
      const onToken = (chunk) => {
        if (!bubble) { typing.remove(); bubble = this.addMessage("moderator", "", "streaming"); }
        bubble.text.textContent += chunk;
        this.scroll();
      };
      try {
        const result = await this.withRetries(() => {
          if (bubble) { bubble.remove(); bubble = null; }
          return this.post(body, onToken);
        });
        typing.remove();
        delete this.session.outbox;
        this.save();
        if (mine) mine.classList.remove("pending");
        if (afterReload) {
          const snap = await this.api("GET", `/sessions/${this.session.session_id}`, null, this.session.token);
          return this.render(snap);
        }
        if (!bubble) bubble = this.addMessage("moderator", "");
        bubble.text.textContent = result.reply.text;
        bubble.classList.remove("streaming");
        bubble.firstChild.removeAttribute("aria-busy");
        this.render(result.session, false);
      } catch (err) {
        typing.remove();
        if (bubble) bubble.remove();
        if (err instanceof HttpError && !err.retryable) {
          delete this.session.outbox; // refused for good (e.g. too long): let them edit it
          this.save();
          if (mine) mine.remove();
          if (!("selection" in outbox)) this.input.value = outbox.text || "";
          this.showStatus(err.message);
          this.refresh();
        } else {
          if (mine) mine.classList.add("failed");
          this.fail(this.t("send_failed", "Your message could not be sent — check your connection."), () => {
            if (mine) mine.remove();
            this.deliver(outbox, false);
          });
        }
      } finally {
        this.sending = false;
      }
    }

    async refresh() {
      const snap = await this.api("GET", `/sessions/${this.session.session_id}`, null, this.session.token);
      this.render(snap, false);
    }

    async withRetries(call) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await call();
        } catch (err) {
          const http = err instanceof HttpError ? err : new HttpError(0, err.message, null);
          if (!http.retryable || attempt >= MAX_ATTEMPTS) throw http;
          const wait = http.retryAfter !== null ? http.retryAfter * 1000 : Math.min(500 * 2 ** attempt, 15000);
          if (attempt > 1) this.showStatus(this.t("reconnecting", "Reconnecting…"));
          await sleep(wait);
        }
      }
    }

    async api(method, path, body, token) {
      const headers = { Accept: "application/json" };
      if (body) headers["Content-Type"] = "application/json";
      if (token) headers.Authorization = `Bearer ${token}`;
      let response;
      try {
        response = await fetch(`${API}/api/studies/${encodeURIComponent(this.study)}${path}`, {
          method, headers, body: body ? JSON.stringify(body) : undefined, credentials: "omit",
        });
      } catch (err) {
        throw new HttpError(0, "The interview server cannot be reached.", null);
      }
      return this.read(response);
    }

    async read(response) {
      const data = await response.json().catch(() => ({}));
      if (!response.ok) {
        const after = response.headers.get("Retry-After");
        const detail = typeof data.detail === "string" ? data.detail : `The server answered ${response.status}.`;
        throw new HttpError(response.status, detail, after === null ? null : Number(after), data.code, data.message);
      }
      return data;
    }

    async post(body, onToken) {
      let response;
      try {
        response = await fetch(`${API}/api/studies/${encodeURIComponent(this.study)}/sessions/${this.session.session_id}/messages`, {
          method: "POST", credentials: "omit", body: JSON.stringify(body),
          headers: { "Content-Type": "application/json", Accept: "text/event-stream", Authorization: `Bearer ${this.session.token}` },
        });
      } catch (_) {
        throw new HttpError(0, "The interview server cannot be reached.", null);
      }
      const type = response.headers.get("Content-Type") || "";
      if (!response.ok || !type.startsWith("text/event-stream")) return this.read(response);
      return this.readEvents(response, onToken);
    }

    async readEvents(response, onToken) {
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let cut;
          while ((cut = buffer.indexOf("\n\n")) >= 0) {
            const raw = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const name = (raw.match(/^event: (.*)$/m) || [])[1];
            const data = JSON.parse((raw.match(/^data: (.*)$/m) || [, "{}"])[1]);
            if (name === "token") onToken(data.text);
            else if (name === "reply") return data;
            else if (name === "error") throw new HttpError(data.status || 500, data.detail, null);
          }
        }
      } catch (err) {
        if (err instanceof HttpError) throw err;
      }
      throw new HttpError(0, "The connection dropped while the reply was arriving.", null);
    }

    // -- rendering -----------------------------------------------------------------------

    render(snap, full = true) {
      this.relabel(snap.labels);
      this.titleEl.textContent = snap.title;
      const { question, total } = snap.progress;
      const percent = total ? Math.round((Math.max(0, question - (snap.finished ? 0 : 1)) / total) * 100) : 0;
      this.bar.style.width = `${percent}%`;
      this.progress.setAttribute("aria-valuenow", String(percent));
      // Progress wording and counts come from the server, identical to the terminal app's.
      this.subtitle.textContent = snap.finished ? this.t("complete", "Interview complete")
        : question > 0 ? (snap.progress.label || `${question} / ${total}`) : this.t("title", "Research interview");
      if (full && snap.messages) {
        this.log.replaceChildren();
        for (const m of snap.messages) this.addMessage(m.role, m.text);
      }
      this.clearStatus();
      if (snap.busy) {
        this.addTyping();
        this.setBusy(true);
        return;
      }
      this.drawControl(snap);
    }

    addMessage(role, text, state) {
      const who = role === "moderator" ? this.t("interviewer", "Interviewer") : this.t("you", "You");
      const body = el("span", { class: "text", text });
      const bubble = el("p", { class: "bubble", "aria-busy": state === "streaming" ? "true" : null },
        el("span", { class: "sr-only", text: `${who}: ` }), body);
      const row = el("div", { class: `msg ${role}${state ? " " + state : ""}`, "data-role": role }, bubble);
      row.text = body;
      this.log.append(row);
      this.scroll();
      return row;
    }

    addTyping() {
      const row = el("div", { class: "msg moderator typing", "aria-label": this.t("typing", "The interviewer is typing") },
        el("p", { class: "bubble" }, el("i"), el("i"), el("i")));
      this.log.append(row);
      this.scroll();
      return row;
    }

    scroll() { this.log.scrollTop = this.log.scrollHeight; }

    setBusy(busy) {
      this.input.disabled = busy;
      this.sendButton.disabled = busy;
    }

    showStatus(text, retry) {
      this.status.replaceChildren(el("span", { text }));
      if (retry) this.status.append(el("button", { type: "button", text: this.t("try_again", "Try again"), onclick: () => { this.clearStatus(); retry(); } }));
    }
    clearStatus() { this.status.replaceChildren(); }

    fail(text, retry) {
      this.setBusy(true);
      this.showStatus(text, retry);
    }

    focusAnswer() {
      if (this.mode === "launcher" && this.panel.hidden) return;
      const target = this.controls.querySelector("button, input, [tabindex='0']") || this.input;
      if (!target.disabled) target.focus({ preventScroll: true });
    }

    autosize() {
      this.input.style.height = "auto";
      this.input.style.height = `${Math.min(this.input.scrollHeight, 140)}px`;
    }

    onInputKey(event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.sendText();
      }
    }

    // -- controls ------------------------------------------------------------------------

    drawControl(snap) {
      const c = snap.control;
      this.controls.replaceChildren();
      this.controls.removeAttribute("data-control");
      this.controls.removeAttribute("data-question");
      if (!c) {
        this.composer.hidden = true;
        this.setBusy(true);
        this.controls.append(el("p", { class: "done", text: this.t("done", "Thank you — this interview is finished. You can close this window.") }));
        return;
      }
      this.controls.dataset.control = c.type;
      if (c.question_id) this.controls.dataset.question = c.question_id;
      this.composer.hidden = false;
      this.setBusy(false);
      const draw = {
        consent: () => {
          const agree = this.t("consent_yes", "Yes, I agree"), decline = this.t("consent_no", "No, thanks");
          this.drawButtons([[agree, { text: agree }, true], [decline, { text: decline }]], this.t("consent_question", "Do you agree to take part?"));
        },
        yes_no: () => {
          const yes = this.t("yes", "Yes"), no = this.t("no", "No");
          this.drawButtons([[yes, { selection: true, label: yes }], [no, { selection: false, label: no }]], this.t("yes_or_no", "Yes or no"));
        },
        scale: () => this.drawScale(c),
        single_choice: () => this.drawChoices(c, false),
        multiple_choice: () => this.drawChoices(c, true),
        ranking: () => this.drawRanking(c),
        text: () => null,
      }[c.type];
      if (draw) draw();
      this.input.placeholder = c.type === "text" ? this.t("placeholder", "Type your answer…") : this.t("placeholder_control", "…or type your answer");
      if (c.skippable) {
        const skipText = this.t("skip", "Skip this question");
        const skip = el("button", { class: "skip", type: "button", text: skipText,
          onclick: () => this.submit({ text: skipText }) });
        const actions = this.controls.querySelector(".actions");
        if (actions) actions.prepend(skip);
        else this.controls.append(el("div", { class: "actions" }, skip));
      }
      this.scroll();
      this.focusAnswer();
    }

    drawButtons(buttons, label) {
      const row = el("div", { class: "row", role: "group", "aria-label": label });
      for (const [text, message, primary] of buttons) {
        row.append(el("button", { class: `choice${primary ? " primary" : ""}`, type: "button", text,
          onclick: () => this.submit(Object.assign({ label: text }, message)) }));
      }
      this.controls.append(row);
    }

    drawScale(c) {
      const group = el("div", { class: "scale", role: "radiogroup", "aria-label": this.t("scale_label", `Choose a number from ${c.min} to ${c.max}`, { min: c.min, max: c.max }) });
      const buttons = [];
      for (let n = c.min; n <= c.max; n++) {
        const extra = n === c.min && c.min_label ? ` (${c.min_label})` : n === c.max && c.max_label ? ` (${c.max_label})` : "";
        const button = el("button", { type: "button", role: "radio", "aria-checked": "false", text: String(n),
          "aria-label": `${n}${extra}`, tabindex: n === c.min ? "0" : "-1",
          onclick: () => { button.setAttribute("aria-checked", "true"); this.submit({ selection: n, label: String(n) }); } });
        buttons.push(button);
        group.append(button);
      }
      group.addEventListener("keydown", (e) => {
        const i = buttons.indexOf(this.root.activeElement);
        const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
        if (i < 0 || !step) return;
        e.preventDefault();
        const next = buttons[(i + step + buttons.length) % buttons.length];
        buttons.forEach((b) => b.setAttribute("tabindex", b === next ? "0" : "-1"));
        next.focus();
      });
      this.controls.append(group);
      if (c.min_label || c.max_label) {
        this.controls.append(el("div", { class: "ends", "aria-hidden": "true" },
          el("span", { text: c.min_label ? `${c.min} = ${c.min_label}` : "" }),
          el("span", { text: c.max_label ? `${c.max} = ${c.max_label}` : "" })));
      }
    }

    drawChoices(c, multiple) {
      const name = `q-${c.question_id}`;
      const list = el("fieldset", { class: "options" },
        el("legend", { class: "sr-only", text: multiple ? this.t("choose_all", "Choose all that apply") : this.t("choose_one", "Choose one") }));
      const values = c.allow_other ? [...c.options, OTHER] : c.options;
      const inputs = values.map((value) => {
        const input = el("input", { type: multiple ? "checkbox" : "radio", name, value });
        list.append(el("label", { class: "option" }, input, el("span", { text: value === OTHER ? this.t("other", "Other…") : value })));
        return input;
      });
      const other = el("input", { class: "other", type: "text", placeholder: this.t("other_placeholder", "Please tell us what"), "aria-label": this.t("other_label", "Your other answer"), hidden: true, maxlength: "500" });
      const hint = el("p", { class: "hint", "aria-live": "polite" });
      const send = el("button", { class: "send-choice", type: "button", text: this.t("send", "Send"), disabled: true });
      const picked = () => inputs.filter((i) => i.checked).map((i) => i.value);
      const update = () => {
        const chosen = picked();
        other.hidden = !chosen.includes(OTHER);
        let ok = chosen.length > 0 && (!chosen.includes(OTHER) || other.value.trim() !== "");
        if (multiple) {
          const low = c.min || 0, high = c.max;
          ok = chosen.length >= Math.max(low, 1) && (high == null || chosen.length <= high) && (!chosen.includes(OTHER) || other.value.trim() !== "");
          inputs.forEach((i) => { i.disabled = high != null && !i.checked && chosen.length >= high; });
          // The rule's wording comes from the server (the same words the terminal app shows).
          hint.textContent = `${c.hint || ""} · ${chosen.length} selected`;
        }
        send.disabled = !ok;
      };
      list.addEventListener("change", update);
      other.addEventListener("input", update);
      send.addEventListener("click", () => {
        const chosen = picked();
        const otherText = chosen.includes(OTHER) ? other.value.trim() : null;
        const words = chosen.map((v) => (v === OTHER ? `${OTHER}: ${otherText}` : v)).join(", ");
        this.submit({ selection: multiple ? chosen : chosen[0], other_text: otherText, label: words });
      });
      other.addEventListener("keydown", (e) => { if (e.key === "Enter" && !send.disabled) send.click(); });
      update();
      this.controls.append(list, other, el("div", { class: "actions" }, hint, send));
    }

    drawRanking(c) {
      const count = c.min || c.options.length;
      const items = [...c.options];
      const list = el("ol", { class: "rank", "aria-label": count < items.length
        ? this.t("rank_top_help", `Put your top ${count} first. Drag, or use the arrow buttons or Alt+Arrow keys.`, { count })
        : this.t("rank_all_help", "Put them in order, best first. Drag, or use the arrow buttons or Alt+Arrow keys.") });
      const hint = el("p", { class: "hint", text: c.hint || "" });
      const send = el("button", { class: "send-choice", type: "button", text: this.t("send_ranking", "Send ranking"),
        onclick: () => {
          const ranked = items.slice(0, count);
          this.submit({ selection: ranked, label: ranked.join(", ") });
        } });
      const move = (from, to, focus) => {
        if (to < 0 || to >= items.length || from === to) return;
        const [item] = items.splice(from, 1);
        items.splice(to, 0, item);
        draw();
        this.announcer.textContent = `${item} moved to position ${to + 1} of ${items.length}.`;
        if (focus) list.querySelector(`li[data-item="${CSS.escape(item)}"]`).focus();
      };
      const draw = () => {
        list.replaceChildren();
        items.forEach((item, i) => {
          if (i === count && count < items.length) list.append(el("li", { class: "cut", role: "separator", "aria-hidden": "true", text: this.t("not_ranked", "Not ranked below this line") }));
          const row = el("li", { class: i < count ? "" : "outside", tabindex: "0", "data-item": item,
            "aria-label": this.t("position", `${item}, position ${i + 1} of ${items.length}`, { item, position: i + 1, total: items.length }) },
            el("span", { class: "grip", "aria-hidden": "true" }, icon("grip")),
            el("span", { class: "pos", text: String(i + 1), "aria-hidden": "true" }),
            el("span", { class: "label", text: item }),
            el("button", { class: "move", type: "button", "aria-label": this.t("move_up", `Move ${item} up`, { item }), disabled: i === 0, text: "↑",
              onclick: () => move(i, i - 1, false) }),
            el("button", { class: "move", type: "button", "aria-label": this.t("move_down", `Move ${item} down`, { item }), disabled: i === items.length - 1, text: "↓",
              onclick: () => move(i, i + 1, false) }));
          row.addEventListener("keydown", (e) => {
            if (e.target !== row || !e.altKey || !["ArrowUp", "ArrowDown"].includes(e.key)) return;
            e.preventDefault();
            move(i, i + (e.key === "ArrowUp" ? -1 : 1), true);
          });
          row.addEventListener("pointerdown", (e) => this.startDrag(e, row, list, items, move));
          list.append(row);
        });
      };
      draw();
      this.controls.append(list, el("div", { class: "actions" }, hint, send));
    }

    startDrag(event, row, list, items, move) {
      if (event.target.closest("button") || event.button !== 0) return;
      event.preventDefault();
      const from = items.indexOf(row.dataset.item);
      row.classList.add("dragging");
      row.setPointerCapture(event.pointerId);
      let to = from;
      const onMove = (e) => {
        const rows = [...list.querySelectorAll("li[data-item]")];
        to = rows.findIndex((r) => e.clientY < r.getBoundingClientRect().top + r.offsetHeight / 2);
        if (to < 0) to = rows.length - 1;
        else if (to > from) to -= 1;
      };
      const onUp = () => {
        row.removeEventListener("pointermove", onMove);
        row.removeEventListener("pointerup", onUp);
        row.removeEventListener("pointercancel", onUp);
        row.classList.remove("dragging");
        move(from, to, false);
      };
      row.addEventListener("pointermove", onMove);
      row.addEventListener("pointerup", onUp);
      row.addEventListener("pointercancel", onUp);
    }
  }

  customElements.define("interviewer-chat", InterviewerChat);
  const mount = () => {
    if (!CONFIG.study) return;
    const existing = document.querySelector("interviewer-chat");
    if (!existing) document.body.append(document.createElement("interviewer-chat"));
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
