/**
 * Copy text: the async Clipboard API where allowed, else `execCommand('copy')` on the given
 * (or a temporary) input. The input's text is left selected so the user can copy it by hand
 * when both fail.
 */
export async function copyText(text: string, input?: HTMLInputElement | null): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // fall through to the selection-based copy
    }
  }
  const target = input ?? document.createElement('input');
  const temporary = !input;
  if (temporary) {
    target.value = text;
    target.setAttribute('readonly', '');
    target.style.position = 'fixed';
    target.style.opacity = '0';
    document.body.appendChild(target);
  }
  target.focus();
  target.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  if (temporary) target.remove();
  return ok;
}
