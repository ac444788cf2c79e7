import { checkedAddress } from './address-guard';

const production = { allowedHosts: [], allowLoopback: false };

describe('outbound webhook address guard', () => {
  it.each([
    'http://10.0.0.8/',
    'http://192.168.1.1/',
    'http://169.254.169.254/latest',
    'http://127.0.0.1:4000/',
    'http://[::1]/',
    'http://[fe80::1]/',
    'http://[::ffff:10.0.0.1]/',
    'http://100.64.0.1/',
  ])('refuses %s in production', async (url) => {
    await expect(checkedAddress(new URL(url), production)).rejects.toThrow(/private, loopback or link-local/);
  });

  it('allows a public address, loopback outside production, and a host listed in OUTBOUND_WEBHOOKS_ALLOWED_HOSTS', async () => {
    await expect(checkedAddress(new URL('http://93.184.215.14/'), production)).resolves.toEqual({
      address: '93.184.215.14',
      family: 4,
    });
    await expect(
      checkedAddress(new URL('http://127.0.0.1/'), { allowedHosts: [], allowLoopback: true }),
    ).resolves.toMatchObject({ address: '127.0.0.1' });
    await expect(
      checkedAddress(new URL('http://10.0.0.8/'), { allowedHosts: ['10.0.0.8'], allowLoopback: false }),
    ).resolves.toMatchObject({ address: '10.0.0.8' });
  });

  it('checks every address a name resolves to (localhost resolves to loopback)', async () => {
    await expect(checkedAddress(new URL('http://localhost/'), production)).rejects.toThrow(
      /localhost resolves to/,
    );
  });
});
