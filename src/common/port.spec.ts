import { Port } from './port';

describe('Port', () => {
  it('answers what it was bound to', () => {
    const port = new Port<{ answer: number }>('test');
    port.bind({ answer: 42 });
    expect(port.get().answer).toBe(42);
  });

  it('throws, naming itself, when used before anything was bound to it', () => {
    const port = new Port<object>('earning → tiers');
    expect(() => port.get()).toThrow('Port "earning → tiers" was never bound');
  });

  it('refuses a second binding, so one wire cannot silently replace another', () => {
    const port = new Port<object>('tiers → orders');
    port.bind({});
    expect(() => port.bind({})).toThrow('Port "tiers → orders" is already bound');
  });
});
