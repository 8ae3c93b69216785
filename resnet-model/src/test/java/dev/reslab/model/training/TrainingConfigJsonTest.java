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

  @Test
  void freezeIsTypedButRecordedAsTheTextUsersWrite() throws Exception {
    TrainingConfig frozen =
        TrainingConfig.builder(3, 32).freeze(FreezeSpec.parse("conv1, layer1")).build();
    String text = JSON.writeValueAsString(frozen);
    assertEquals(true, text.contains("\"freeze\":\"conv1,layer1\""), text);
    assertEquals(frozen, JSON.readValue(text, TrainingConfig.class));
    // config.json of runs written when the field was a string
    String backbone = text.replace("\"freeze\":\"conv1,layer1\"", "\"freeze\":\"backbone\"");
    FreezeSpec read = JSON.readValue(backbone, TrainingConfig.class).freeze();
    assertEquals(true, read.backbone());
    assertEquals(true, read.test("layer4.1.conv2"));
    assertEquals(false, read.test("fc"));
    String none = text.replace(",\"freeze\":\"conv1,layer1\"", "");
    assertEquals(FreezeSpec.none(), JSON.readValue(none, TrainingConfig.class).freeze());
  }
}
