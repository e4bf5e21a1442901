// The console page: plain modules, no build step. Every API call carries the launch token in a header; the
// token comes from the #token=… of the URL the console printed and stays in this tab's sessionStorage.
const $ = (id) => document.getElementById(id);
const hash = new URLSearchParams(location.hash.slice(1));
if (hash.get("token")) {
  sessionStorage.setItem("console-token", hash.get("token"));
  history.replaceState(null, "", location.pathname);
}
const token = sessionStorage.getItem("console-token") ?? "";

async function api(path, options = {}) {
  const res = await fetch(path, {
    ...options,
    headers: { ...(options.headers ?? {}), "x-console-token": token },
  });
  if (res.status === 401) $("auth-error").hidden = false;
  return res;
}

async function json(path, options) {
  const res = await api(path, options);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error ?? `${res.status}`);
  return body;
}

const elapsed = (ms) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};
const oneLine = (text, max = 160) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
const lastLines = (text, n = 8) => text.trimEnd().split("\n").slice(-n).join("\n");

// ---- runs list --------------------------------------------------------------------------------------------
let current; // { sessionId, runId, controller, startedAt, agent, activity, ended }

async function loadRuns() {
  const { runs } = await json("/api/runs");
  const list = $("runs");
  list.replaceChildren(
    ...runs.map((run) => {
      const li = document.createElement("li");
      li.dataset.sessionId = run.sessionId;
      li.dataset.runId = run.runId;
      li.dataset.status = run.status;
      if (current && current.runId === run.runId) li.classList.add("selected");
      const badge = document.createElement("span");
      badge.className = `badge ${run.status}`;
      badge.textContent = run.status;
      li.append(badge, `${new Date(run.startedAt).toLocaleString()} · ${oneLine(run.prompt, 60)}`);
      li.addEventListener("click", () => openRun(run.sessionId, run.runId));
      return li;
    }),
  );
}

// ---- a run: its events, live ------------------------------------------------------------------------------
function addEvent(text, cls = "") {
  const li = document.createElement("li");
  li.textContent = text;
  if (cls) li.className = cls;
  $("events").append(li);
  li.scrollIntoView({ block: "nearest" });
}

function showStatus() {
  if (!current) return;
  const parts = [elapsed(Date.now() - current.startedAt)];
  if (current.agent) parts.push(current.agent);
  parts.push(current.activity);
  $("status").textContent = parts.join(" · ");
}
setInterval(() => current && !current.ended && showStatus(), 1000);

function onEvent(e) {
  switch (e.type) {
    case "start":
      current.startedAt = Date.parse(e.ts);
      current.runId = e.runId;
      $("run-title").textContent = `Run ${e.runId}`;
      addEvent(
        `session ${e.sessionId} · run ${e.runId} · ${e.language}${e.dataUri ? ` · ${e.dataUri}` : ""}`,
      );
      break;
    case "plan":
      addEvent(
        `☰ plan (${e.route === "direct" ? "direct answer" : "full analysis"}): ${oneLine(e.reason)}\n` +
          e.steps.map((step) => `  ${step.n}. [${step.kind}] ${step.title}`).join("\n"),
        "agent",
      );
      break;
    case "progress":
      if (e.status === "running") {
        current.activity = `step ${e.step}/${e.of}: ${e.title}`;
        addEvent(`▸ step ${e.step}/${e.of} (${e.agent}): ${e.title}`);
      }
      break;
    case "usage":
      addEvent(
        `Σ ${e.agent}: ${e.inputTokens} in / ${e.outputTokens} out / ` +
          `${e.cacheReadInputTokens} cache read / ${e.cacheWriteInputTokens} cache write tokens`,
      );
      break;
    case "agent_start":
      Object.assign(current, { agent: e.agent, activity: "waiting for the model" });
      addEvent(`${e.agent}${e.round > 1 ? ` (round ${e.round})` : ""} · ${e.model}`, "agent");
      break;
    case "text":
      current.activity = "writing";
      break;
    case "tool_call":
      current.activity = `running ${e.name}`;
      addEvent(`→ ${e.name} ${oneLine(e.input)}`);
      break;
    case "tool_result":
      current.activity = "waiting for the model";
      addEvent(
        e.status === "success" ? `← ok: ${oneLine(e.output)}` : `← ERROR:\n${lastLines(e.output)}`,
        e.status === "success" ? "" : "tool-error",
      );
      break;
    case "validation":
      current.activity = `verification ${e.verdict === "pass" ? "passed" : "failed"}`;
      addEvent(
        e.verdict === "pass"
          ? `✔ verification passed: ${e.checks.length} values re-computed`
          : `✘ verification failed: ${e.findings.join("; ")}`,
        e.verdict === "pass" ? "ok" : "error",
      );
      break;
    case "artifact":
      addEvent(`+ ${e.path} (${e.size} bytes)`);
      break;
    case "render":
      addEvent(
        e.status === "ok"
          ? `▣ report rendered: ${e.files.map((f) => f.path).join(", ")}`
          : `✘ rendering failed: ${e.message}`,
        e.status === "ok" ? "ok" : "error",
      );
      break;
    case "heartbeat":
      Object.assign(current, { agent: e.agent ?? current.agent, activity: e.activity });
      $("events-box").dataset.heartbeats = String(Number($("events-box").dataset.heartbeats ?? 0) + 1);
      break;
    case "retry":
      addEvent(`↻ retry ${e.attempt} in ${(e.waitMs / 1000).toFixed(1)} s: ${oneLine(e.reason)}`);
      break;
    case "session":
      addEvent(`· executor session ${e.action}`);
      break;
    case "done": {
      const verdict =
        e.route === "direct"
          ? "direct answer, not independently verified"
          : e.verified
            ? "verified"
            : "NOT verified";
      const cost = e.cost ? ` · est. $${e.cost.totalUsd.toFixed(4)}` : "";
      Object.assign(current, {
        agent: undefined,
        activity: `done in ${(e.durationMs / 1000).toFixed(1)} s · ${verdict}${cost}`,
        ended: true,
      });
      addEvent(`■ done · ${verdict}${cost}\n${e.summary}`, "ok");
      showReport();
      break;
    }
    case "error":
      Object.assign(current, { agent: undefined, activity: `${e.code}: ${e.message}`, ended: true });
      addEvent(`✘ ${e.code}: ${e.message}`, "error");
      showReport();
      break;
  }
  showStatus();
  $("cancel").hidden = current.ended === true;
  $("run").dataset.state = current.ended ? "ended" : "running";
}

async function follow(run) {
  const res = await api(`/api/runs/${encodeURIComponent(run.sessionId)}/events`, {
    signal: run.controller.signal,
  });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trimStart())
        .join("\n");
      if (data && run === current) onEvent(JSON.parse(data));
    }
  }
  if (run === current && !run.ended) addEvent("(the stream ended; refresh to reattach)", "error");
  loadRuns();
}

function openRun(sessionId, runId) {
  current?.controller.abort();
  current = {
    sessionId,
    runId,
    controller: new AbortController(),
    startedAt: Date.now(),
    agent: undefined,
    activity: "attaching",
    ended: false,
  };
  $("run").hidden = false;
  $("run-title").textContent = runId ? `Run ${runId}` : `Session ${sessionId}`;
  $("events").replaceChildren();
  $("downloads").hidden = true;
  $("downloads").replaceChildren();
  $("report-frame").hidden = true;
  $("events-box").dataset.heartbeats = "0";
  for (const li of $("runs").children) li.classList.toggle("selected", li.dataset.runId === runId);
  follow(current).catch((err) => {
    if (err.name !== "AbortError") addEvent(`✘ ${err.message}`, "error");
  });
}

async function showReport() {
  const run = current;
  const { files } = await json(`/api/runs/${encodeURIComponent(run.sessionId)}/${run.runId}/artifacts`);
  if (run !== current) return;
  const links = [];
  for (const [name, label, id] of [
    ["report.pdf", "PDF", "download-pdf"],
    ["report.docx", "Word (DOCX)", "download-docx"],
    ["report.html", "HTML", "download-html"],
    ["report.md", "Markdown", "download-md"],
  ]) {
    const file = files.find((f) => f.path === name);
    if (!file) continue;
    const a = document.createElement("a");
    a.id = id;
    a.href = `${file.url}&download=1`;
    a.download = name;
    a.textContent = `Download ${label}`;
    links.push(a);
  }
  for (const chart of files.filter((f) => f.path.endsWith(".png"))) {
    const a = document.createElement("a");
    a.href = `${chart.url}&download=1`;
    a.download = chart.path;
    a.textContent = chart.path;
    links.push(a);
  }
  $("downloads").replaceChildren(...links);
  $("downloads").hidden = links.length === 0;
  const html = files.find((f) => f.path === "report.html");
  if (html) {
    $("report-frame").src = html.url;
    $("report-frame").hidden = false;
  }
}

// ---- new run: upload, start, follow -----------------------------------------------------------------------
function upload(file) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/inputs?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader("x-console-token", token);
    xhr.setRequestHeader("content-type", "text/csv");
    $("upload").hidden = false;
    xhr.upload.onprogress = (e) => {
      const pct = e.lengthComputable ? Math.floor((e.loaded / e.total) * 100) : 0;
      $("upload-bar").style.width = `${pct}%`;
      $("upload-text").textContent =
        `uploading ${file.name}: ${pct}% (${(e.loaded / 1048576).toFixed(1)} MB)`;
    };
    xhr.onload = () => {
      if (xhr.status === 201) {
        $("upload-text").textContent = `uploaded ${file.name}`;
        $("upload-bar").style.width = "100%";
        resolve(JSON.parse(xhr.responseText));
      } else reject(new Error(JSON.parse(xhr.responseText || "{}").error ?? `upload failed (${xhr.status})`));
    };
    xhr.onerror = () => reject(new Error("upload failed"));
    xhr.send(file);
  });
}

$("new-run").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("form-error").hidden = true;
  $("start").disabled = true;
  try {
    const file = $("file").files[0];
    const input = file ? await upload(file) : undefined;
    const body = {
      prompt: $("prompt").value,
      ...(input ? { sessionId: input.sessionId, dataUri: input.dataUri } : {}),
      ...($("language").value ? { language: $("language").value } : {}),
    };
    const started = await json("/api/runs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    openRun(started.sessionId, started.runId);
    loadRuns();
  } catch (err) {
    $("form-error").textContent = err.message;
    $("form-error").hidden = false;
  } finally {
    $("start").disabled = false;
  }
});

$("cancel").addEventListener("click", async () => {
  if (!current) return;
  $("cancel").disabled = true;
  await json(`/api/runs/${encodeURIComponent(current.sessionId)}/cancel`, { method: "POST" }).catch((err) =>
    addEvent(`✘ ${err.message}`, "error"),
  );
  $("cancel").disabled = false;
});
$("refresh").addEventListener("click", () => loadRuns());

json("/api/info").then(
  (info) => ($("backend").textContent = info.label),
  () => undefined,
);
loadRuns().catch(() => undefined);
setInterval(() => loadRuns().catch(() => undefined), 5000);
