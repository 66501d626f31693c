// A link to a comment (#commentaire-123) that is no longer on this page: ask the site where it is.
(() => {
  const match = /^#commentaire-(\d+)$/.exec(window.location.hash);
  const holder = document.querySelector("[data-comment-locator]");
  if (!match || !holder || document.getElementById(match[0].slice(1))) return;
  window.location.replace(holder.dataset.commentLocator.replace(/\/0\/$/, `/${match[1]}/`));
})();
