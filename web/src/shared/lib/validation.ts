/** Plain words for zod's stock messages (from the browser's check or the server's 400). */
export function friendlyMessage(message: string): string {
  if (/expected string to have >=1 characters/i.test(message) || /^Required$/i.test(message)) return 'Fill this in.';
  const tooLong = /expected string to have <=(\d+) characters/i.exec(message);
  if (tooLong) return `Use at most ${tooLong[1]} characters.`;
  const fewItems = /expected array to have >=(\d+) items/i.exec(message);
  if (fewItems) return `Add at least ${fewItems[1]}.`;
  const manyItems = /expected array to have <=(\d+) items/i.exec(message);
  if (manyItems) return `Use at most ${manyItems[1]}.`;
  const small = /expected number to be >=(-?\d+)/i.exec(message);
  if (small) return `Use ${small[1]} or more.`;
  const big = /expected number to be <=(-?\d+)/i.exec(message);
  if (big) return `Use ${big[1]} or less.`;
  if (/expected int/i.test(message)) return 'Use a whole number.';
  if (/expected number/i.test(message)) return 'Enter a number.';
  if (/Invalid UUID/i.test(message)) return 'Enter a valid ID (a UUID like 3f2b…-…).';
  if (/http\(s\) URL/i.test(message)) return 'Enter a web address starting with https://';
  if (/Invalid ISO datetime/i.test(message)) return 'Pick a valid date and time.';
  return message;
}
