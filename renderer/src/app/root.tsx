import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { errorText } from '../client/engine-client.ts';
import type { WsConnection } from '../client/ws-engine-client.ts';
import type { AppStores } from '../stores/store-context.tsx';
import { StoresProvider } from '../stores/store-context.tsx';
import { App } from './app.tsx';
import { connectHost, createStores } from './boot.ts';

type Phase = { kind: 'connecting' } | { kind: 'login'; ws: WsConnection; error?: string } | { kind: 'ready'; stores: AppStores } | { kind: 'failed'; error: string };

/** Connect, log in when the host asks for it, then show the studio. */
export function Root() {
  const [phase, setPhase] = useState<Phase>({ kind: 'connecting' });
  useEffect(() => {
    let dispose: (() => void) | undefined;
    connectHost()
      .then(({ client, ws }) => {
        if (ws && !ws.authenticated) return setPhase({ kind: 'login', ws });
        const made = createStores(client);
        dispose = made.dispose;
        setPhase({ kind: 'ready', stores: made.stores });
      })
      .catch((e: unknown) => setPhase({ kind: 'failed', error: errorText(e) }));
    return () => dispose?.();
  }, []);

  if (phase.kind === 'ready') {
    return (
      <StoresProvider stores={phase.stores}>
        <ReactFlowProvider>
          <App />
        </ReactFlowProvider>
      </StoresProvider>
    );
  }
  if (phase.kind === 'login') return <Login ws={phase.ws} error={phase.error} onReady={(stores) => setPhase({ kind: 'ready', stores })} onError={(error) => setPhase({ ...phase, error })} />;
  return (
    <div className="splash" role="status">
      {phase.kind === 'failed' ? (
        <div>
          <h1>Cannot reach the Brokerlab host</h1>
          <p>{phase.error}</p>
        </div>
      ) : (
        <p>Connecting to Brokerlab…</p>
      )}
    </div>
  );
}

function Login({ ws, error, onReady, onError }: { ws: WsConnection; error?: string | undefined; onReady: (s: AppStores) => void; onError: (e: string) => void }) {
  const submit = async (e: FormEvent<HTMLFormElement>): Promise<void> => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const ok = await ws.login(String(data.get('user')), String(data.get('password')));
    if (ok) onReady(createStores(ws.client).stores);
    else onError('Login refused: check the user name and password.');
  };
  return (
    <div className="splash">
      <form onSubmit={(e) => void submit(e)} aria-label="Log in">
        <h1>Brokerlab</h1>
        <p>Log in with a broker user (the URL printed by the host logs you in directly).</p>
        <label className="field">
          User
          <input className="input" name="user" autoComplete="username" defaultValue="guest" />
        </label>
        <label className="field">
          Password
          <input className="input" name="password" type="password" autoComplete="current-password" />
        </label>
        {error ? <p className="error-text">{error}</p> : null}
        <button type="submit" className="btn primary">
          Log in
        </button>
      </form>
    </div>
  );
}
