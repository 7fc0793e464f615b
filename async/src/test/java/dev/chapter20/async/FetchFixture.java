package dev.chapter20.async;

import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;

/**
 * What the tests of the two ways to fetch share: a MockWebServer, a {@link Fetcher}, and a
 * dispatcher that holds requests until released ({@link HeldResponses}). After each test the held
 * requests are let go and the fetcher is closed; then {@code @StartStop} closes the server.
 */
abstract class FetchFixture {

  @StartStop final MockWebServer server = new MockWebServer();

  final Fetcher fetcher = new Fetcher();
  final HeldResponses held = new HeldResponses();

  @AfterEach
  void releaseAndClose() {
    held.release();
    fetcher.close();
  }
}
