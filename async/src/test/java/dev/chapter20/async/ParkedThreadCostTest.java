package dev.chapter20.async;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

@Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
class ParkedThreadCostTest {

  @Test
  void aParkedVirtualThreadCostsKilobytesNotAnOsStack() throws InterruptedException {
    long bytes = ParkedThreadCost.bytesPerParkedThread(10_000);

    // Its frames, the thread object and its latch node: hundreds of bytes at the least, and far
    // below the megabyte of stack a platform thread reserves.
    assertTrue(bytes > 200 && bytes < 16 * 1024, bytes + " bytes per parked virtual thread");
  }
}
