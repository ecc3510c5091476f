import { AppError } from '../../contract/result.js';
import { FaceErrorCode } from './face-errors.js';

/**
 * What the face service knows about its models: the template model version (null when the
 * manifest or the template key is unavailable, which turns face features off), the last error,
 * and whether the engine has loaded the models. Shared by the service's parts.
 */
export class FaceModelState {
  version: string | null = null;
  lastError: string | null = null;
  loaded = false;

  /** The template model version, or MODELS_UNAVAILABLE: nothing is analysed or stored without it. */
  require(): string {
    if (this.version === null) throw new AppError(FaceErrorCode.MODELS_UNAVAILABLE, this.lastError ?? 'Face models are not available');
    return this.version;
  }
}
