// Copy buttons for the citation and the badge's embed code. Without JavaScript
// the buttons stay hidden and the text can be selected and copied as usual.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const source = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector(".copy-status");
  if (!source || !navigator.clipboard) continue;
  button.parentElement.hidden = false;
  button.addEventListener("click", async () => {
    const text = "value" in source ? source.value : source.textContent.trim();
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = "Copied.";
    } catch {
      if ("select" in source) source.select();
      status.textContent = "Could not copy: the text is selected, so copy it with your keyboard.";
    }
  });
}
