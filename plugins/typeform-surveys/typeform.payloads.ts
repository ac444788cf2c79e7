/** Typeform's `form_response` webhook (EXTERNAL.md): answers keyed by field, hidden fields by name. */
export interface TypeformAnswer {
  type: string;
  number?: number;
  text?: string;
  choice?: { label?: string };
  field: { id: string; type: string; ref?: string };
}

export interface TypeformEvent {
  event_id: string;
  event_type: string;
  form_response: {
    form_id: string;
    token: string;
    submitted_at?: string;
    hidden?: Record<string, string>;
    definition?: { fields?: { id: string; ref?: string; type: string; title?: string }[] };
    answers?: TypeformAnswer[];
  };
}
