package dev.reslab.model.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.model.engine.Precision;
import org.junit.jupiter.api.Test;

/**
 * The precision in a run's config.json: written as fp32/bf16, and fp32 for runs recorded before it
 * existed.
 */
class TrainingConfigJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void precisionRoundTripsAndDefaultsToFp32() throws Exception {
    TrainingConfig bf16 = TrainingConfig.builder(3, 32).precision(Precision.BF16).build();
    String text = JSON.writeValueAsString(bf16);
    assertEquals(true, text.contains("\"precision\":\"bf16\""), text);
    assertEquals(bf16, JSON.readValue(text, TrainingConfig.class));
    String old = text.replace(",\"precision\":\"bf16\"", "");
    assertEquals(Precision.FP32, JSON.readValue(old, TrainingConfig.class).precision());
  }
}
