import { useState, type FormEvent } from 'react';
import { parseCredential, type Credential } from './client.ts';

/** Shown when the API answers UNAUTHENTICATED: a JWT or an API key, kept in this tab (sessionStorage). */
export function SignIn(props: { message: string | null; onSignIn: (credential: Credential) => void }) {
  const [input, setInput] = useState('');
  const credential = parseCredential(input);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (credential) props.onSignIn(credential);
  };
  return (
    <form className="panel sign-in" onSubmit={submit} aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in</h2>
      <p>
        This server requires credentials. Paste a token (JWT) from your identity provider or an API key (<code>fsk_…</code>).
      </p>
      {props.message && (
        <p className="notice error" role="alert">
          <strong>Refused:</strong> {props.message}
        </p>
      )}
      <label htmlFor="credential">Token or API key</label>
      <textarea
        id="credential"
        name="credential"
        rows={3}
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        value={input}
        onChange={(event) => setInput(event.target.value)}
        placeholder="eyJhbGciOi… or fsk_…"
      />
      <div className="row">
        <button type="submit" className="primary" disabled={!credential}>
          Sign in
        </button>
        <span className="muted small">
          {credential ? (credential.kind === 'apiKey' ? 'Sent as x-api-key.' : 'Sent as Authorization: Bearer.') : ''} Kept for this tab only, never in a
          cookie.
        </span>
      </div>
    </form>
  );
}
