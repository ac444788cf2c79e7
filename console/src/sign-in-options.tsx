import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { startSignIn } from './oidc';
import { demoSignIn, signInSettings, type SignInSettings } from './operations';

/**
 * The sign-in choices the server offers: one click as demo staff or demo admin outside production,
 * and the identity provider's name when OIDC is configured. Pasting a token stays below as the
 * advanced option.
 */
function SignInOptions({ onToken }: { onToken: (token: string) => Promise<void> }) {
  const [settings, setSettings] = useState<SignInSettings | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    signInSettings().then(setSettings, () => setError('Could not read the sign-in settings'));
  }, []);
  if (!settings) return error ? <p class="error">{error}</p> : null;
  const demo = async (role: 'staff' | 'admin') => {
    setError('');
    try {
      await onToken(await demoSignIn(role));
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <div class="sign-in-options">
      {settings.oidc && (
        <p>
          <button
            type="button"
            id="oidc-sign-in"
            onClick={() => startSignIn(settings.oidc!).catch((failure: Error) => setError(failure.message))}
          >
            Sign in with {new URL(settings.oidc.issuer).host}
          </button>{' '}
          <small>
            (single sign-on, client <code>{settings.oidc.clientId}</code>)
          </small>
        </p>
      )}
      {settings.demoRoles.length > 0 && (
        <p class="demo">
          <span>Not production ({settings.environment}):</span>
          {settings.demoRoles.map((role) => (
            <button type="button" id={`demo-${role}`} key={role} onClick={() => void demo(role)}>
              Sign in as demo {role}
            </button>
          ))}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function mountSignInOptions(host: HTMLElement, onToken: (token: string) => Promise<void>): void {
  render(<SignInOptions onToken={onToken} />, host);
}
