/**
 * Public keys whose Ed25519 signatures this build accepts on an update installer
 * (update-signature.ts; docs/store-it.md, "Releasing an update"). A public key is not secret; the
 * private key stays with the release pipeline.
 *
 * Empty until the chain's release owner runs `npm run sign-release -- keygen` and pastes the
 * public key it prints here. With no key the updater does not start (log `update.disabled`): an
 * update nobody can sign must not install. To rotate: add the new key, ship one release (signed
 * with the old key) that carries both, then sign with the new key and drop the old one later.
 *
 * The keys live in the code, inside the installed app, and not in config.json: the kiosk's own
 * account can write config.json, and a key there would let anyone who can edit that file push an
 * installer that Windows runs with administrator rights.
 */
export const TRUSTED_UPDATE_KEYS: readonly string[] = [];
