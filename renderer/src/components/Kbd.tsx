/** A key name (F2, Esc): the same in every language, so it is not a catalogue string. */
export function Kbd({ k }: { k: string }) {
  return <kbd>{k}</kbd>;
}
