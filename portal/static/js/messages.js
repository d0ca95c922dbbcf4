// Messages, live. On every page of a signed-in person: the unread counts (the header's badge,
// the cabinet's "Messages" link, the conversation list's rows). On a conversation's page: new
// messages, edits, deletions and read receipts as they happen; sending, editing, deleting and
// reporting without a reload. Over the socket (/ws/messages/, README "Messages over
// WebSocket"); when it cannot connect, the page polls the API every few seconds instead and
// says nothing about it. Without JavaScript the pages still work: links and forms.
(function () {
  "use strict";

  var script = document.currentScript;
  var me = script ? script.getAttribute("data-me") : null;
  var page = document.querySelector("[data-conversation]");
  var list = document.querySelector("[data-conversation-list]");
  var textsNode = document.getElementById("messages-texts");
  var T = textsNode ? JSON.parse(textsNode.textContent) : {};
  var lang = document.documentElement.lang || "ru";
  var timeFormat = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit" });
  var POLL_CONVERSATION_MS = 4000;
  var POLL_LIST_MS = 5000;
  var POLL_COUNTS_MS = 20000;
  var RECEIPT_CHECK_MS = 8000;
  var PING_MS = 30000;

  // ---------------------------------------------------------------- counts
  function setBadge(node, count) {
    var number = node.querySelector("[data-count]") || node;
    number.textContent = String(count);
    node.hidden = !count;
  }

  function setTotal(total) {
    document.querySelectorAll("[data-unread-messages]").forEach(function (node) {
      setBadge(node, total);
    });
  }

  function setRowUnread(conversationId, unread) {
    var row = document.querySelector('[data-conversation-row="' + conversationId + '"]');
    if (!row) return;
    var badge = row.querySelector("[data-unread-count]");
    if (badge) setBadge(badge, unread);
    row.classList.toggle("has-unread", unread > 0);
  }

  // ---------------------------------------------------------------- HTTP
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function api(url, options) {
    options = options || {};
    var headers = { Accept: "application/json" };
    if (options.method && options.method !== "GET") headers["X-CSRFToken"] = csrfToken();
    if (options.json !== undefined) {
      headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(options.json);
    }
    return fetch(url, {
      method: options.method || "GET",
      headers: headers,
      body: options.body,
      credentials: "same-origin",
    }).then(function (response) {
      if (response.status === 204) return { ok: true, status: 204, data: null, response: response };
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (data) {
          return { ok: response.ok, status: response.status, data: data, response: response };
        });
    });
  }

  function errorText(result) {
    var data = result.data || {};
    if (typeof data.detail === "string") return data.detail;
    for (var key in data) {
      if (Array.isArray(data[key]) && data[key].length) return String(data[key][0]);
    }
    return T.failed || "Something went wrong.";
  }

  // ---------------------------------------------------------------- the conversation list
  function rowPreview(message, kind) {
    if (!message) return T.noMessages || "";
    var prefix = "";
    if (message.author && message.author.id === me) prefix = (T.you || "You:") + " ";
    else if (kind === "group" && message.author) prefix = message.author.name + ": ";
    if (message.deleted_at) return prefix + (T.deleted || "");
    if (message.text) return prefix + message.text.slice(0, 90);
    return prefix + (T.file || "") + " " + (message.attachment ? message.attachment.name : "");
  }

  function moveRowUp(row) {
    if (list && row && list.firstElementChild !== row) list.insertBefore(row, list.firstElementChild);
  }

  function refreshRow(conversationId) {
    if (!list) return;
    api("/api/conversations/" + conversationId + "/").then(function (result) {
      if (!result.ok) return;
      var data = result.data;
      var row = document.querySelector('[data-conversation-row="' + data.id + '"]');
      if (!row) {
        row = document.createElement("li");
        row.className = "conversation-row";
        row.setAttribute("data-conversation-row", data.id);
        var link = document.createElement("a");
        link.className = "conversation-link";
        link.href = list.getAttribute("data-conversation-base").replace(/0\/$/, data.id + "/");
        var avatar = document.createElement("span");
        avatar.className = "conversation-avatar conversation-avatar-" + data.kind;
        avatar.setAttribute("aria-hidden", "true");
        avatar.textContent = data.kind === "group" ? "#" : data.kind === "support" ? "?" : data.title.charAt(0).toUpperCase();
        var summary = document.createElement("span");
        summary.className = "conversation-summary";
        var title = document.createElement("span");
        title.className = "conversation-title";
        title.textContent = data.title;
        var last = document.createElement("span");
        last.className = "conversation-last";
        last.setAttribute("data-last-message", "");
        summary.append(title, last);
        var meta = document.createElement("span");
        meta.className = "conversation-meta";
        var time = document.createElement("time");
        var badge = document.createElement("span");
        badge.className = "badge badge-count";
        badge.setAttribute("data-unread-count", "");
        var count = document.createElement("span");
        count.setAttribute("data-count", "");
        badge.append(count);
        meta.append(time, badge);
        link.append(avatar, summary, meta);
        row.append(link);
        list.hidden = false;
        var empty = document.querySelector("[data-testid=messages-empty]");
        if (empty) empty.hidden = true;
      }
      row.querySelector("[data-last-message]").textContent = rowPreview(data.last_message, data.kind);
      var stamp = row.querySelector("time");
      if (stamp && data.last_message) {
        stamp.dateTime = data.last_message.created_at;
        stamp.textContent = timeFormat.format(new Date(data.last_message.created_at));
      }
      setRowUnread(data.id, data.unread);
      moveRowUp(row);
    });
  }

  // ---------------------------------------------------------------- one conversation
  var conversationId = page ? Number(page.getAttribute("data-conversation")) : null;
  var kind = page ? page.getAttribute("data-kind") : null;
  var messageList = page ? page.querySelector("[data-message-list]") : null;
  var scroller = page ? page.querySelector("[data-scroller]") : null;
  var announcer = page ? page.querySelector("[data-announcer]") : null;
  var receipt = page ? page.querySelector("[data-receipt]") : null;
  var editMinutes = page ? Number(page.getAttribute("data-edit-minutes")) : 15;
  var readMarks = page ? JSON.parse(page.getAttribute("data-read-marks") || "{}") : {};
  var people = page ? Number(page.getAttribute("data-people")) : 0;

  function urlFor(attribute, id) {
    return page.getAttribute(attribute).replace(/\/0\//, "/" + id + "/");
  }

  function lastId() {
    var items = messageList.querySelectorAll("[data-message-id]");
    return items.length ? Number(items[items.length - 1].getAttribute("data-message-id")) : 0;
  }

  function nearBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 120;
  }

  function toBottom() {
    scroller.scrollTop = scroller.scrollHeight;
  }

  // The sprite's address as the page has it (hashed in production).
  var sprite = (document.querySelector("svg.site-icon use") || { getAttribute: function () { return ""; } })
    .getAttribute("href")
    .split("#")[0];

  function icon(name) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("class", "site-icon");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var use = document.createElementNS("http://www.w3.org/2000/svg", "use");
    use.setAttribute("href", sprite + "#i-" + name);
    svg.append(use);
    return svg;
  }

  function buildMessage(message) {
    var mine = message.author && message.author.id === me;
    var item = document.createElement("li");
    item.className = "msg" + (mine ? " msg-mine" : "") + (message.deleted_at ? " msg-deleted" : "");
    item.setAttribute("data-message-id", message.id);
    item.setAttribute("data-created", message.created_at);
    if (mine) item.setAttribute("data-mine", "");
    var bubble = document.createElement("div");
    bubble.className = "message-bubble";
    if (!mine && kind !== "direct") {
      var author = document.createElement("p");
      author.className = "message-author";
      author.textContent = message.author ? message.author.name : T.formerMember || "";
      if (message.from_staff) {
        var badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = T.supportTeam || "";
        author.append(" ", badge);
      }
      bubble.append(author);
    }
    if (message.deleted_at) {
      var gone = document.createElement("p");
      gone.className = "message-text";
      var em = document.createElement("em");
      em.textContent = T.deleted || "";
      gone.append(em);
      bubble.append(gone);
    } else {
      if (message.html) {
        var text = document.createElement("div");
        text.className = "message-text";
        text.setAttribute("data-text", "");
        text.innerHTML = message.html; // escaped and linked by the server (messaging.text.render)
        bubble.append(text);
      }
      if (message.attachment) {
        var file = document.createElement("p");
        file.className = "message-file";
        var link = document.createElement("a");
        link.href = message.attachment.url;
        link.append(icon("paperclip"), " " + message.attachment.name);
        file.append(link);
        bubble.append(file);
      }
    }
    var meta = document.createElement("p");
    meta.className = "message-meta";
    var time = document.createElement("time");
    time.dateTime = message.created_at;
    time.textContent = timeFormat.format(new Date(message.created_at));
    meta.append(time);
    if (message.edited_at && !message.deleted_at) {
      var edited = document.createElement("span");
      edited.setAttribute("data-edited", "");
      edited.textContent = T.edited || "";
      meta.append(" · ", edited);
    }
    bubble.append(meta);
    item.append(bubble);
    addActions(item);
    return item;
  }

  function addMessage(message, options) {
    if (message.conversation !== conversationId) return;
    var existing = messageList.querySelector('[data-message-id="' + message.id + '"]');
    if (existing) {
      existing.replaceWith(buildMessage(message));
      updateReceipt();
      return;
    }
    var stick = nearBottom() || (message.author && message.author.id === me);
    var node = buildMessage(message);
    // Keep id order even when the socket and the API answer cross.
    var after = null;
    messageList.querySelectorAll("[data-message-id]").forEach(function (item) {
      if (Number(item.getAttribute("data-message-id")) < message.id) after = item;
    });
    if (after) after.after(node);
    else messageList.prepend(node);
    var empty = page.querySelector("[data-empty]");
    if (empty) empty.hidden = true;
    if (stick) toBottom();
    var fromOthers = !(message.author && message.author.id === me);
    if (fromOthers && !(options && options.quiet) && announcer) {
      announcer.textContent = (message.author ? message.author.name + ": " : "") + (message.text || (message.attachment ? message.attachment.name : ""));
    }
    if (fromOthers) markRead();
    updateReceipt();
  }

  function editable(item) {
    var created = new Date(item.getAttribute("data-created")).getTime();
    return Date.now() - created < editMinutes * 60000;
  }

  function actionButton(label, handler) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.textContent = label;
    button.addEventListener("click", handler);
    return button;
  }

  function addActions(item) {
    if (item.classList.contains("msg-deleted")) return;
    var meta = item.querySelector(".message-meta");
    if (!meta || meta.querySelector(".message-actions")) return;
    var id = Number(item.getAttribute("data-message-id"));
    var actions = document.createElement("span");
    actions.className = "message-actions";
    if (item.hasAttribute("data-mine")) {
      if (!editable(item)) return;
      if (item.querySelector("[data-text]")) actions.append(actionButton(T.edit, function () { startEdit(item, id); }));
      actions.append(actionButton(T.remove, function () { removeMessage(id); }));
      // The window closes: the buttons go (the server refuses after it anyway).
      var left = editMinutes * 60000 - (Date.now() - new Date(item.getAttribute("data-created")).getTime());
      setTimeout(function () { actions.remove(); }, Math.max(0, left));
    } else {
      actions.append(actionButton(T.report, function () { report(id, actions); }));
    }
    meta.append(actions);
  }

  function status(text, isError) {
    var node = page.querySelector("[data-composer-status]");
    if (!node) return;
    node.textContent = text || "";
    node.classList.toggle("is-error", Boolean(isError));
  }

  function startEdit(item, id) {
    var text = item.querySelector("[data-text]");
    if (!text || item.querySelector(".message-edit")) return;
    var form = document.createElement("form");
    form.className = "message-edit";
    var label = document.createElement("label");
    label.className = "visually-hidden";
    label.textContent = T.edit;
    var area = document.createElement("textarea");
    area.rows = 3;
    area.value = text.textContent;
    label.append(area);
    var buttons = document.createElement("div");
    buttons.className = "message-edit-actions";
    var save = document.createElement("button");
    save.type = "submit";
    save.className = "button button-small";
    save.textContent = T.save;
    var cancel = actionButton(T.cancel, function () { form.remove(); text.hidden = false; });
    buttons.append(cancel, save);
    form.append(label, buttons);
    text.hidden = true;
    text.after(form);
    area.focus();
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      save.disabled = true;
      api(urlFor("data-message-url", id), { method: "PATCH", json: { text: area.value } }).then(function (result) {
        save.disabled = false;
        if (result.ok) addMessage(result.data, { quiet: true });
        else status(errorText(result), true);
      });
    });
  }

  function removeMessage(id) {
    if (!window.confirm(T.confirmDelete)) return;
    api(urlFor("data-message-url", id), { method: "DELETE" }).then(function (result) {
      if (!result.ok) return status(errorText(result), true);
      var item = messageList.querySelector('[data-message-id="' + id + '"]');
      if (item && !item.classList.contains("msg-deleted")) {  // the socket may have been first
        item.classList.add("msg-deleted");
        var bubble = item.querySelector(".message-bubble");
        bubble.querySelectorAll("[data-text], .message-file, .message-actions, .message-edit, [data-edited]").forEach(function (n) { n.remove(); });
        var gone = document.createElement("p");
        gone.className = "message-text";
        var em = document.createElement("em");
        em.textContent = T.deleted;
        gone.append(em);
        bubble.insertBefore(gone, bubble.querySelector(".message-meta"));
      }
    });
  }

  function report(id, actions) {
    var reason = window.prompt(T.reportReason);
    if (reason === null) return;
    api(urlFor("data-report-url", id), { method: "POST", json: { reason: reason } }).then(function (result) {
      if (!result.ok) return status(errorText(result), true);
      actions.textContent = T.reported;
    });
  }

  function updateReceipt() {
    if (!receipt || kind === "support") return;
    var mine = messageList.querySelectorAll("[data-mine]:not(.msg-deleted)");
    var lastMine = mine.length ? Number(mine[mine.length - 1].getAttribute("data-message-id")) : 0;
    if (!lastMine || lastMine !== lastId()) {
      receipt.textContent = "";
      awaitReceipt(false);
      return;
    }
    var readers = Object.keys(readMarks).filter(function (user) { return readMarks[user] >= lastMine; }).length;
    if (kind === "direct") receipt.textContent = readers ? T.read : T.sent;
    else receipt.textContent = readers ? T.readBy.replace("%(n)s", readers).replace("%(total)s", people) : T.sent;
    awaitReceipt(readers === 0);
  }

  // A socket can miss a "read" frame (a reconnect, a busy server): while nobody has read the
  // last message, which is mine, the page asks the server now and then (polling does anyway).
  var receiptTimer = null;
  function awaitReceipt(unread) {
    clearTimeout(receiptTimer);
    receiptTimer = null;
    if (!unread || pollTimer) return;
    receiptTimer = setTimeout(function () {
      if (document.visibilityState === "visible") refreshReceipts();
      else awaitReceipt(true);
    }, RECEIPT_CHECK_MS);
  }

  // A mark never moves back (the server's rule too): an answer read before a newer "read" frame
  // arrived, processed after it, must not turn "Read" back into "Sent".
  function noteRead(userId, mark) {
    readMarks[userId] = Math.max(readMarks[userId] || 0, mark || 0);
  }

  var readTimer = null;
  var readRetries = 0;
  function markRead() {
    if (document.visibilityState !== "visible") return;
    clearTimeout(readTimer);
    readTimer = setTimeout(function () {
      var up = lastId();
      if (!up) return;
      // Through the API, not the socket: its answer confirms the mark (the others' receipts
      // follow from it), and a failure is retried on the next message or visit.
      // A busy server or a dropped request: asked again a few times (the mark never moves back).
      var again = function () {
        if (readRetries < 3) {
          readRetries += 1;
          setTimeout(markRead, 2000);
        }
      };
      api(page.getAttribute("data-read-url"), { method: "POST", json: { message: up } }).then(
        function (result) {
          if (result.ok) readRetries = 0;
          else if (result.status >= 500) again();
        },
        again
      );
    }, 300);
  }

  function catchUp() {
    var after = lastId();
    return api(page.getAttribute("data-messages-url") + (after ? "?after=" + after : "")).then(function (result) {
      if (!result.ok) return;
      var rows = result.data.results;
      if (!after) rows = rows.slice().reverse(); // without a cursor the API answers newest first
      rows.forEach(function (message) { addMessage(message); });
    });
  }

  function refreshReceipts() {
    return api("/api/conversations/" + conversationId + "/").then(function (result) {
      if (!result.ok) return;
      result.data.read_marks.forEach(function (mark) {
        if (mark.user) noteRead(mark.user.id, mark.last_read_message_id);
      });
      updateReceipt();
    });
  }

  function setUpConversation() {
    messageList.querySelectorAll("[data-message-id]").forEach(addActions);
    toBottom();
    updateReceipt();
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") markRead();
    });

    var earlier = page.querySelector("[data-load-earlier]");
    if (earlier) {
      earlier.addEventListener("click", function (event) {
        event.preventDefault();
        var before = earlier.getAttribute("data-before");
        api(page.getAttribute("data-messages-url") + "?before=" + before).then(function (result) {
          if (!result.ok) return;
          var height = scroller.scrollHeight;
          result.data.results.forEach(function (message) {
            messageList.prepend(buildMessage(message)); // newest first: each goes on top
          });
          scroller.scrollTop += scroller.scrollHeight - height;
          var oldest = result.data.results[result.data.results.length - 1];
          if (result.data.has_more && oldest) earlier.setAttribute("data-before", oldest.id);
          else earlier.parentNode.remove();
        });
      });
    }

    var form = page.querySelector("[data-composer]");
    var area = form.querySelector("[data-composer-text]");
    var file = form.querySelector("[data-composer-file]");
    var fileName = form.querySelector("[data-file-name]");
    var send = form.querySelector("[data-composer-send]");
    file.addEventListener("change", function () {
      fileName.textContent = file.files.length ? (T.file || "") + " " + file.files[0].name : "";
    });
    area.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!area.value.trim() && !file.files.length) {
        status(T.empty, true);
        area.focus();
        return;
      }
      var body = new FormData();
      body.append("text", area.value);
      if (file.files.length) body.append("attachment", file.files[0]);
      send.disabled = true;
      status(T.sending, false);
      api(page.getAttribute("data-messages-url"), { method: "POST", body: body })
        .then(function (result) {
          if (result.ok) {
            area.value = "";
            file.value = "";
            fileName.textContent = "";
            status("", false);
            addMessage(result.data, { quiet: true });
            toBottom();
          } else {
            // Nothing is lost: the text stays in the box.
            var text = errorText(result);
            var wait = result.response.headers.get("Retry-After");
            if (result.status === 429 && wait) text += " " + T.retryIn.replace("%(s)s", wait);
            status(text, true);
          }
        })
        .catch(function () {
          status(T.offline, true);
        })
        .finally(function () {
          send.disabled = false;
          area.focus();
        });
    });
  }

  // ---------------------------------------------------------------- socket, or polling
  var socket = null;
  var pingTimer = null;
  var pollTimer = null;
  var attempts = 0;

  function handle(frame) {
    switch (frame.type) {
      case "hello":
        setTotal(frame.unread_total);
        break;
      case "unread":
        setTotal(frame.total);
        setRowUnread(frame.conversation, frame.unread);
        break;
      case "message.new":
      case "message.edited":
      case "message.deleted":
        if (page) addMessage(frame.message, { quiet: frame.type !== "message.new" });
        if (list) refreshRow(frame.message.conversation);
        break;
      case "read":
        if (page && frame.conversation === conversationId && frame.user && frame.user.id !== me) {
          noteRead(frame.user.id, frame.last_read_message_id);
          updateReceipt();
        }
        break;
      case "conversation.joined":
        if (list) refreshRow(frame.conversation);
        break;
    }
  }

  function poll() {
    var work = [
      api("/api/conversations/unread/").then(function (result) {
        if (!result.ok) return;
        setTotal(result.data.total);
        if (list) {
          list.querySelectorAll("[data-conversation-row]").forEach(function (row) {
            var id = row.getAttribute("data-conversation-row");
            var unread = result.data.conversations[id] || 0;
            var badge = row.querySelector("[data-count]");
            if (badge && Number(badge.textContent) !== unread) refreshRow(id);
          });
          Object.keys(result.data.conversations).forEach(function (id) {
            if (!document.querySelector('[data-conversation-row="' + id + '"]')) refreshRow(id);
          });
        }
      }),
    ];
    if (page) work.push(catchUp(), refreshReceipts());
    return Promise.all(work).catch(function () {});
  }

  function startPolling() {
    if (pollTimer) return;
    var every = page ? POLL_CONVERSATION_MS : list ? POLL_LIST_MS : POLL_COUNTS_MS;
    pollTimer = setInterval(poll, every);
    poll();
  }

  function stopPolling() {
    clearInterval(pollTimer);
    pollTimer = null;
  }

  function connect() {
    if (!("WebSocket" in window)) return startPolling();
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    try {
      socket = new WebSocket(scheme + window.location.host + "/ws/messages/");
    } catch (error) {
      return startPolling();
    }
    // A socket that does not open soon counts as blocked: poll meanwhile.
    var slow = setTimeout(startPolling, 5000);
    socket.addEventListener("open", function () {
      clearTimeout(slow);
      attempts = 0;
      var wasPolling = Boolean(pollTimer);
      stopPolling();
      pingTimer = setInterval(function () {
        if (socket.readyState === 1) socket.send(JSON.stringify({ type: "ping" }));
      }, PING_MS);
      if (page) {
        socket.send(JSON.stringify({ type: "subscribe", conversation: conversationId }));
        catchUp(); // whatever came between the page and the socket
        if (wasPolling) refreshReceipts();
        markRead();
      }
    });
    socket.addEventListener("message", function (event) {
      try {
        handle(JSON.parse(event.data));
      } catch (error) {
        /* a frame this page does not understand */
      }
    });
    socket.addEventListener("close", function (event) {
      clearTimeout(slow);
      clearInterval(pingTimer);
      socket = null;
      startPolling();
      if (event.code === 4401) return; // signed out: nothing to reconnect to
      attempts += 1;
      setTimeout(connect, Math.min(60000, 1000 * Math.pow(2, attempts)));
    });
  }

  if (page) {
    setUpConversation();
    page.addEventListener("click", function (event) {
      var confirmer = event.target.closest("[data-confirm]");
      if (confirmer && !window.confirm(confirmer.getAttribute("data-confirm"))) event.preventDefault();
    });
  }
  connect();
})();
