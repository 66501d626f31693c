// A link to an event (#evenement-12) that this page no longer shows: ask the site where it is.
(() => {
  const holder = document.querySelector("[data-event-locator]");
  const locate = () => {
    const match = /^#evenement-(\d+)$/.exec(window.location.hash);
    if (!match || !holder || document.getElementById(match[0].slice(1))) return;
    window.location.replace(holder.dataset.eventLocator.replace(/\/0\/$/, `/${match[1]}/`));
  };
  locate();
  window.addEventListener("hashchange", locate);
})();
