package dev.chapter20.cluster.members;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The common pool's parallelism that keeps Hazelcast from starting a thread per answer. */
class ClusterSettingsTest {

  @Test
  void twoCoresOrFewerGetACommonPoolOfTwo() {
    assertEquals("2", ClusterSettings.commonPoolParallelism(1, null));
    assertEquals("2", ClusterSettings.commonPoolParallelism(2, null));
  }

  @Test
  void moreCoresOrAParallelismGivenOnTheCommandLineAreLeftAlone() {
    assertNull(ClusterSettings.commonPoolParallelism(4, null));
    assertNull(ClusterSettings.commonPoolParallelism(2, "1"));
  }
}
