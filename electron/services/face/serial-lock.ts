/**
 * Runs async sections one after another. The models' input buffers are reused between frames,
 * and onnxruntime reads a tensor's memory while `run` is pending, so two overlapping calls (a
 * frame and an enrolment photo at once) must not fill the same buffer: each model class holds one.
 */
export class SerialLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.tail.then(section);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
