/** Builds elements with text content only: nothing from the server is ever parsed as HTML. */
export function el(
  tag: string,
  attributes: Record<string, string> = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined) element.append(child);
  return element;
}

export function when(value: string | null | undefined): string {
  return value ? new Date(value).toLocaleString() : '–';
}
