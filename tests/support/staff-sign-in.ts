/**
 * Sign-in names the account (staff.roster → staff.signIn { staffId, pin }). Tests that know a role
 * and a PIN (the demo store: one manager, one cashier) sign in through the same two calls the
 * sign-in screen makes.
 */
interface RosterEntry {
  staffId: string;
  displayName: string;
  role: 'cashier' | 'manager';
}
type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
// Accepts every client's typed invoke (in-process dispatcher, IPC client, HTTP).
type AnyInvoke = (method: any, args: any) => Promise<any>;

/** The first active account with this role, or with this exact display name. */
export async function staffIdOf(invoke: AnyInvoke, who: 'cashier' | 'manager' | { name: string }): Promise<string> {
  const roster = (await invoke('staff.roster', {})) as Envelope;
  if (!roster.ok) throw new Error(`staff.roster: ${roster.error.code}`);
  const entry = (roster.value as RosterEntry[]).find((e) => (typeof who === 'string' ? e.role === who : e.displayName === who.name));
  if (!entry) throw new Error(`no ${typeof who === 'string' ? who : who.name} on the roster`);
  return entry.staffId;
}

export async function signInAs(invoke: AnyInvoke, who: 'cashier' | 'manager' | { name: string }, pin: string): Promise<Envelope> {
  return (await invoke('staff.signIn', { staffId: await staffIdOf(invoke, who), pin })) as Envelope;
}
