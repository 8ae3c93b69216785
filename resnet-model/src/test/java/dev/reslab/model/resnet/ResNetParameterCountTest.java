package dev.reslab.model.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Parameter counts against published figures (torchvision, He et al. 2016). */
class ResNetParameterCountTest {

  @Test
  void resnet18ImagenetStemMatchesTorchvision() {
    assertEquals(11_689_512L, ModelSummary.of(ResNetPreset.RESNET18.config(Stem.IMAGENET, 1000)).parameters());
  }

  @Test
  void resnet18CifarStemWithTenClasses() {
    assertEquals(11_173_962L, ModelSummary.of(ResNetPreset.RESNET18.config(Stem.CIFAR, 10)).parameters());
  }

  @Test
  void resnet20WithZeroPadShortcutsHas269722() {
    assertEquals(269_722L, ModelSummary.of(ResNetPreset.RESNET20.config()).parameters());
  }

  @Test
  void deeperCifarResNetsMatchHeEtAl() {
    // He et al. (2016), Table 6: 0.46M, 0.66M, 0.85M; exact counts follow from 3x3 convs, BN and a 64->10 head.
    assertEquals(464_154L, ModelSummary.of(ResNetPreset.RESNET32.config()).parameters());
    assertEquals(658_586L, ModelSummary.of(ResNetPreset.RESNET44.config()).parameters());
    assertEquals(853_018L, ModelSummary.of(ResNetPreset.RESNET56.config()).parameters());
  }

  @Test
  void batchNormMovingStatisticsAreNotParameters() {
    ModelSummary s = ModelSummary.of(ResNetPreset.RESNET20.config());
    // 19 BN layers: stem (16) + 3 stages x 3 blocks x 2 BN of 16/32/64 channels; mean and variance each.
    long bnChannels = 16 + 3 * 2 * (16 + 32 + 64);
    assertEquals(2 * bnChannels, s.nonTrainable());
  }
}
