package dev.chapter20.common.process;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;

/**
 * A test child that answers each text frame with the text and its length in characters: proof that
 * it decoded the bytes it was sent, and encoded its answer, as UTF-8.
 */
public final class CountChars {

  private CountChars() {}

  public static void main(String[] args) throws IOException {
    ChildRuntime.install();
    FrameReader requests = new FrameReader(new FileInputStream(FileDescriptor.in));
    FrameWriter replies = new FrameWriter(new FileOutputStream(FileDescriptor.out));
    for (String text = requests.readText(); text != null; text = requests.readText()) {
      replies.write(text + " has " + text.codePointCount(0, text.length()) + " characters");
    }
    replies.writeEnd();
  }
}
