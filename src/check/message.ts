// Message templates: `{{path}}`, `{{key}}`, `{{value}}`, `{{file}}`.
// Only these names are substituted; anything else is left as written, so a
// typo shows up in the output instead of silently vanishing.

export interface MessageFields {
  path: string;
  key: string;
  value: () => string;
  file: string;
}

/** Longest value text put into a message; longer values are cut. */
export const MAX_MESSAGE_VALUE = 120;

export function renderMessage(template: string, fields: MessageFields): string {
  return template.replace(/\{\{\s*(path|key|value|file)\s*\}\}/g, (_match, name: string) => {
    if (name === 'value') {
      const value = fields.value();
      return value.length > MAX_MESSAGE_VALUE ? `${value.slice(0, MAX_MESSAGE_VALUE)}...` : value;
    }
    return fields[name as 'path' | 'key' | 'file'];
  });
}
