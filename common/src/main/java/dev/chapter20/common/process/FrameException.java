package dev.chapter20.common.process;

import java.io.IOException;

/**
 * A stream of frames broke its own rules: a length that cannot be, a frame cut short, a stream that
 * ended without its end marker, or an end marker whose count or checksum disagrees with what
 * arrived. Each means the sender died or a byte went astray, and the message says which.
 */
public final class FrameException extends IOException {

  private static final long serialVersionUID = 1L;

  public FrameException(String message) {
    super(message);
  }
}
