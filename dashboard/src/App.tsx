import { useCallback, useEffect, useRef, useState } from 'react';
import { Provider, useQuery } from 'urql';
import { AnalysePage, type Upload } from './AnalysePage.tsx';
import { ServerInfoQuery, type ServerInfo } from './api.ts';
import {
  createApiClient,
  errorOf,
  isUnauthenticated,
  loadCredential,
  saveCredential,
  tokenClaims,
  type ApiClient,
  type Credential,
  type SocketState,
} from './client.ts';
import { LivenessFeed } from './LivenessFeed.tsx';
import { LivenessPage } from './LivenessPage.tsx';
import { PersonsPage } from './PersonsPage.tsx';
import { SignIn } from './SignIn.tsx';
import type { VideoSelection } from './video-api.ts';
import { VideosPage } from './VideosPage.tsx';

type Tab = 'analyse' | 'videos' | 'persons' | 'liveness';

/** Holds the credential and the urql client made for it; a new credential makes a new client (and socket). */
export function App() {
  const [credential, setCredential] = useState<Credential | null>(loadCredential);
  const [api, setApi] = useState<{ client: ApiClient; generation: number } | null>(null);
  const [authFailure, setAuthFailure] = useState<string | null>(null);
  const [socket, setSocket] = useState<SocketState>('closed');
  const generation = useRef(0);

  useEffect(() => {
    const mine = ++generation.current;
    const current = (fn: () => void) => {
      if (generation.current === mine) fn();
    };
    const created = createApiClient(credential, {
      onUnauthenticated: (message) => current(() => setAuthFailure(message)),
      onSocket: (state) => current(() => setSocket(state)),
    });
    setAuthFailure(null);
    setApi({ client: created, generation: mine });
    return () => created.dispose();
  }, [credential]);

  const signIn = useCallback((next: Credential | null) => {
    saveCredential(next);
    setCredential(next);
  }, []);

  if (!api) return null;
  return (
    <Provider value={api.client.client}>
      <Dashboard key={api.generation} credential={credential} authFailure={authFailure} socket={socket} onSignIn={signIn} />
    </Provider>
  );
}

function Dashboard(props: {
  credential: Credential | null;
  authFailure: string | null;
  socket: SocketState;
  onSignIn: (credential: Credential | null) => void;
}) {
  const { credential, authFailure, socket, onSignIn } = props;
  const [{ data, error, fetching }, retry] = useQuery({ query: ServerInfoQuery });
  const [tab, setTab] = useState<Tab>('analyse');
  const [uploads, setUploads] = useState<Upload[]>([]);
  // Kept here, like the photo uploads, so that the video (and its local file) is still there after a visit to another tab.
  const [video, setVideo] = useState<VideoSelection | null>(null);

  const refused = authFailure ?? (error && isUnauthenticated(error) ? errorOf(error).message : null);
  const info: ServerInfo | undefined = refused === null ? data?.serverInfo : undefined;

  let body;
  if (refused !== null) {
    body = <SignIn message={credential ? refused : null} onSignIn={onSignIn} />;
  } else if (error) {
    const { code, message } = errorOf(error);
    body = (
      <div className="panel notice error" role="alert">
        <strong>The API did not answer ({code}).</strong> {message}{' '}
        <button type="button" className="link" onClick={() => retry()}>
          Try again
        </button>
      </div>
    );
  } else if (!info) {
    body = <p className="muted">{fetching ? 'Connecting to the API…' : ''}</p>;
  } else {
    body = (
      <div className="layout">
        <main>
          <nav className="tabs" role="tablist" aria-label="Dashboard pages">
            <TabButton tab="analyse" current={tab} onSelect={setTab}>
              Analyse
            </TabButton>
            <TabButton tab="videos" current={tab} onSelect={setTab}>
              Videos
            </TabButton>
            <TabButton tab="persons" current={tab} onSelect={setTab}>
              Persons
            </TabButton>
            <TabButton tab="liveness" current={tab} onSelect={setTab}>
              Liveness check
            </TabButton>
          </nav>
          {tab === 'analyse' ? (
            <AnalysePage serverInfo={info} uploads={uploads} onUploads={setUploads} />
          ) : tab === 'videos' ? (
            <VideosPage serverInfo={info} selection={video} onSelection={setVideo} />
          ) : tab === 'persons' ? (
            <PersonsPage />
          ) : (
            <LivenessPage />
          )}
        </main>
        <aside>
          <LivenessFeed socket={socket} uploads={uploads} />
        </aside>
      </div>
    );
  }

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          <span>
            FaceSocial <span className="muted">dashboard</span>
          </span>
        </div>
        {info && (
          <span className="server" title={`Model profile ${info.modelProfile}, detector ${info.detector}`}>
            {info.mode} mode · v{info.version} · {info.detector}
          </span>
        )}
        <AuthStatus credential={credential} open={!!info && !credential} signedIn={!!info && !!credential} onSignOut={() => onSignIn(null)} />
      </header>
      {body}
    </div>
  );
}

function TabButton(props: { tab: Tab; current: Tab; onSelect: (tab: Tab) => void; children: string }) {
  const selected = props.tab === props.current;
  return (
    <button
      type="button"
      role="tab"
      id={`tab-${props.tab}`}
      aria-selected={selected}
      className={selected ? 'tab selected' : 'tab'}
      onClick={() => props.onSelect(props.tab)}
    >
      {props.children}
    </button>
  );
}

/** Who the dashboard acts as: the claims of the token as sent (the server has no "me" query), an API key's prefix, or an open server. */
function AuthStatus(props: { credential: Credential | null; open: boolean; signedIn: boolean; onSignOut: () => void }) {
  const { credential, open, signedIn, onSignOut } = props;
  if (open) return <span className="auth open">No sign-in needed (authentication is off)</span>;
  if (!signedIn || !credential) return <span className="auth" />;
  const claims = tokenClaims(credential);
  const who =
    credential.kind === 'apiKey'
      ? `API key ${credential.value.slice(0, 12)}…`
      : claims?.tenant
        ? `tenant ${claims.tenant}${claims.roles.length > 0 ? ` · ${claims.roles.join(', ')}` : ''}`
        : 'token';
  return (
    <span className="auth signed-in" data-testid="auth-status">
      Signed in: {who}
      <button type="button" className="link" onClick={onSignOut}>
        Sign out
      </button>
    </span>
  );
}
