/* Click-to-play videos: nothing is requested from YouTube or Vimeo until the reader presses play.
   The page's markup (plugins/video_embeds) holds the player address in data-embed-src; this script
   shows the play button, builds the iframe on press and moves keyboard focus to it. */
(function () {
  "use strict";

  var ALLOWED = /^https:\/\/(www\.youtube-nocookie\.com\/embed\/|player\.vimeo\.com\/video\/)/;

  function play(figure, player) {
    var iframe = document.createElement("iframe");
    iframe.className = "app-video__iframe";
    iframe.src = figure.getAttribute("data-embed-src");
    iframe.title = figure.getAttribute("data-video-title");
    iframe.allow = "autoplay; fullscreen; picture-in-picture";
    iframe.allowFullscreen = true;
    iframe.referrerPolicy = "strict-origin-when-cross-origin";
    player.replaceChildren(iframe);
    figure.classList.add("app-video--playing");
    iframe.focus();
  }

  // Transcripts print open, whether or not the browser can print a closed <details> (print.css tries too).
  var opened = [];
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details.app-video__transcript:not([open])"), function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });

  var figures = document.querySelectorAll("[data-app-video]");
  Array.prototype.forEach.call(figures, function (figure) {
    var player = figure.querySelector(".app-video__player");
    var button = player && player.querySelector(".app-video__play");
    if (!button || !ALLOWED.test(figure.getAttribute("data-embed-src") || "")) {
      return;
    }
    button.addEventListener("click", function () { play(figure, player); });
    button.disabled = false;
    player.hidden = false;
  });
})();
