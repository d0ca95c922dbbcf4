// The timetable: FullCalendar (bundled from npm by scripts/build_static.sh) fed by the events
// API, plus the small helpers of the timetable pages (copy, confirm, the "new lesson" dialog).
// Configuration comes from a json_script block and data- attributes: no inline script (CSP).
(function () {
  "use strict";

  function pad(number) {
    return String(number).padStart(2, "0");
  }

  function isoDate(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  function hhmm(date) {
    return pad(date.getHours()) + ":" + pad(date.getMinutes());
  }

  // --- Helpers used on every timetable page ------------------------------------------------

  document.addEventListener("click", function (event) {
    var confirmer = event.target.closest("[data-confirm]");
    if (confirmer && !window.confirm(confirmer.getAttribute("data-confirm"))) {
      event.preventDefault();
      return;
    }
    var copier = event.target.closest("[data-copy]");
    if (copier) {
      var input = document.querySelector(copier.getAttribute("data-copy"));
      if (!input) return;
      var done = function () {
        var label = copier.textContent;
        copier.textContent = copier.getAttribute("data-copied") || label;
        window.setTimeout(function () {
          copier.textContent = label;
        }, 2000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () {
          input.select();
        });
      } else {
        input.select();
        try {
          document.execCommand("copy");
          done();
        } catch (error) {
          // The text stays selected for Ctrl+C.
        }
      }
    }
  });

  // --- The "new lesson" dialog -------------------------------------------------------------

  var dialog = document.querySelector("[data-dialog]");

  function showKind(kind) {
    if (!dialog) return;
    dialog.querySelectorAll("[data-kind-form]").forEach(function (form) {
      form.hidden = form.getAttribute("data-kind-form") !== kind;
    });
    dialog.querySelectorAll("[data-kind]").forEach(function (radio) {
      radio.checked = radio.value === kind;
    });
  }

  function setField(form, name, value) {
    var field = form.querySelector('[name$="-' + name + '"]');
    if (field && value !== undefined && value !== null) field.value = value;
  }

  function browserTimeZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  // Times picked in the calendar are the browser's wall-clock times: the forms get its zone.
  function prefill(start, end, withTimes) {
    if (!dialog) return;
    var zone = browserTimeZone();
    dialog.querySelectorAll("[data-kind-form]").forEach(function (form) {
      var select = form.querySelector('select[name$="-timezone"]');
      if (select && zone && select.querySelector('option[value="' + zone + '"]')) {
        select.value = zone;
      }
      if (!start) return;
      setField(form, "date", isoDate(start));
      setField(form, "start_date", isoDate(start));
      setField(form, "weekday", String((start.getDay() + 6) % 7));
      if (withTimes) {
        setField(form, "start_time", hhmm(start));
        if (end) setField(form, "end_time", hhmm(end));
      }
    });
  }

  function openDialog(kind, start, end, withTimes) {
    if (!dialog || typeof dialog.showModal !== "function") return false;
    showKind(kind);
    prefill(start, end, withTimes);
    dialog.showModal();
    var first = dialog.querySelector("[data-kind-form]:not([hidden]) select, [data-kind-form]:not([hidden]) input:not([type=hidden])");
    if (first) first.focus();
    return true;
  }

  if (dialog) {
    document.querySelectorAll("[data-open-dialog]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (openDialog(link.getAttribute("data-open-dialog"))) event.preventDefault();
      });
    });
    dialog.querySelectorAll("[data-kind]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        showKind(radio.value);
      });
    });
    dialog.querySelectorAll("[data-close-dialog]").forEach(function (button) {
      button.addEventListener("click", function () {
        dialog.close();
      });
    });
  }

  // --- The calendar ------------------------------------------------------------------------

  var element = document.querySelector("[data-calendar]");
  if (!element) return;
  var config = JSON.parse(document.getElementById(element.getAttribute("data-config")).textContent);
  var csrfToken = element.getAttribute("data-csrf-token");
  var statusBox = document.querySelector("[data-calendar-status]");
  var texts = config.texts || {};

  function say(message, level) {
    if (!statusBox) return;
    statusBox.textContent = message;
    statusBox.className = "calendar-status message message-" + (level || "info");
    statusBox.hidden = !message;
  }

  if (typeof FullCalendar === "undefined" || !config.eventsUrl) {
    // The bundle was not built (`make setup`) or the API is missing: the list below remains.
    say(texts.loadFailed, "error");
    return;
  }

  function keyOf(event) {
    return event.id;
  }

  function lessonUrl(event) {
    return (event.extendedProps && event.extendedProps.url) || config.lessonUrl.replace("__key__", keyOf(event));
  }

  // A refusal from the API: {"detail": "..."} or {"field": ["..."]}.
  function errorText(body, fallback) {
    if (!body || typeof body !== "object") return fallback;
    if (body.detail) return String(body.detail);
    var parts = [];
    Object.keys(body).forEach(function (field) {
      var value = body[field];
      parts.push(Array.isArray(value) ? value.join(" ") : String(value));
    });
    return parts.join(" ") || fallback;
  }

  function props(event) {
    return event.extendedProps || {};
  }

  // A stored lesson is changed itself; a weekly lesson's date is moved alone (the rule stays).
  function moveRequest(event, start, end) {
    var p = props(event);
    if (p.lesson) {
      return {
        url: config.lessonApiUrl.replace("__id__", p.lesson),
        method: "PATCH",
        body: { start: start, end: end },
      };
    }
    return {
      url: config.moveOccurrenceUrl.replace("__id__", p.rule),
      method: "POST",
      body: { date: p.occurrenceDate, start: start, end: end },
    };
  }

  function move(info) {
    var event = info.event;
    var end = event.end || new Date(event.start.getTime() + 60 * 60 * 1000);
    var request = moveRequest(event, event.start.toISOString(), end.toISOString());
    say("", "info");
    fetch(request.url, {
      method: request.method,
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrfToken,
      },
      body: JSON.stringify(request.body),
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (body) {
            if (!response.ok) {
              // 409: a clash (named in the message); 400: a field; 403: not yours.
              info.revert();
              say(errorText(body, texts.moveFailed), "error");
              return;
            }
            // The event already stands where it was dropped, under the same key: no refetch
            // (one arriving during the next drag would duplicate the dragged event).
            if (body && body.warning) {
              say(body.warning, "warning");
            } else {
              say(texts.moved, "success");
            }
          });
      })
      .catch(function () {
        info.revert();
        say(texts.network, "error");
      });
  }

  // Text on a group's own colour: near-black or white, whichever has the higher contrast
  // (one of the two always reaches 4.5:1, WCAG AA).
  function luminance(hex) {
    var match = /^#?([0-9a-f]{6})$/i.exec(hex || "");
    if (!match) return null;
    var value = parseInt(match[1], 16);
    return [value >> 16, (value >> 8) & 255, value & 255]
      .map(function (channel) {
        var c = channel / 255;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
      })
      .reduce(function (sum, c, i) {
        return sum + c * [0.2126, 0.7152, 0.0722][i];
      }, 0);
  }

  function readableOn(hex) {
    var l = luminance(hex);
    if (l === null) return undefined;
    // White's contrast (1.05 / (l + 0.05)) against near-black's ((l + 0.05) / 0.0605).
    return 1.05 / (l + 0.05) >= (l + 0.05) / 0.0605 ? "#ffffff" : "#111418";
  }

  // FullCalendar's arrow icons are role="img" without a name; the buttons around them are
  // named, so the icons are hidden from assistive technology.
  function quietIcons() {
    element.querySelectorAll(".fc-icon").forEach(function (icon) {
      icon.setAttribute("aria-hidden", "true");
      icon.removeAttribute("role");
    });
  }

  var narrow = window.matchMedia("(max-width: 700px)").matches;
  var calendar = new FullCalendar.Calendar(element, {
    locale: config.locale,
    initialView: narrow ? "timeGridDay" : "timeGridWeek",
    initialDate: config.initialDate || undefined,
    headerToolbar: {
      left: "prev,next today",
      center: "title",
      right: "dayGridMonth,timeGridWeek,timeGridDay",
    },
    height: "auto",
    allDaySlot: false,
    nowIndicator: true,
    slotMinTime: "07:00:00",
    slotMaxTime: "23:00:00",
    scrollTime: "08:00:00",
    eventTimeFormat: { hour: "2-digit", minute: "2-digit", hour12: false },
    slotLabelFormat: { hour: "2-digit", minute: "2-digit", hour12: false },
    editable: !!config.editable,
    eventDurationEditable: !!config.editable,
    selectable: !!config.editable && !!dialog,
    selectMirror: true,
    // Lessons are reachable with Tab and open with Enter, as with a click.
    eventInteractive: true,
    events: {
      url: config.eventsUrl,
      // Staff's narrowing (teacher, group, course), sent beside FullCalendar's start and end.
      extraParams: config.eventsParams || {},
      failure: function () {
        say(texts.loadFailed, "error");
      },
    },
    eventDataTransform: function (data) {
      if (data.color && !data.textColor) data.textColor = readableOn(data.color);
      return data;
    },
    datesSet: quietIcons,
    eventClassNames: function (arg) {
      var status = arg.event.extendedProps && arg.event.extendedProps.status;
      return status ? ["lesson-" + status] : [];
    },
    eventDidMount: function (arg) {
      var status = arg.event.extendedProps && arg.event.extendedProps.status;
      var group = arg.event.extendedProps && arg.event.extendedProps.groupName;
      var title = arg.event.title + (group ? " · " + group : "");
      if (status === "cancelled") title += " (" + texts.cancelled + ")";
      arg.el.setAttribute("title", title);
      // The visible title may be cut by the event's box: screen readers get all of it.
      arg.el.setAttribute("aria-label", arg.timeText ? arg.timeText + " " + title : title);
      arg.el.setAttribute("data-key", keyOf(arg.event));
    },
    eventClick: function (info) {
      info.jsEvent.preventDefault();
      window.location.href = lessonUrl(info.event);
    },
    eventAllow: function (dropInfo, event) {
      var status = event.extendedProps && event.extendedProps.status;
      return !status || status === "scheduled";
    },
    eventDrop: move,
    eventResize: move,
    select: function (info) {
      openDialog("lesson", info.start, info.end, !info.allDay);
      calendar.unselect();
    },
  });
  calendar.render();
  quietIcons();
  element.setAttribute("data-ready", "true");
})();
