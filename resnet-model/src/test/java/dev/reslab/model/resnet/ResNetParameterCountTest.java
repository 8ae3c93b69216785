package dev.reslab.model.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Parameter counts against published figures (torchvision, He et al. 2016). */
class ResNetParameterCountTest {

  @Test
  void resnet18ImagenetStemMatchesTorchvision() {
    assertEquals(
        11_689_512L,
        ModelSummary.of(ResNetPreset.RESNET18.config(Stem.IMAGENET, 1000)).parameters());
  }

  @Test
  void resnet18CifarStemWithTenClasses() {
    assertEquals(
        11_173_962L, ModelSummary.of(ResNetPreset.RESNET18.config(Stem.CIFAR, 10)).parameters());
  }

  @Test
  void resnet20WithZeroPadShortcutsHas269722() {
    assertEquals(269_722L, ModelSummary.of(ResNetPreset.RESNET20.config()).parameters());
  }

  @Test
  void deeperCifarResNetsMatchHeEtAl() {
    // He et al. (2016), Table 6: 0.46M, 0.66M, 0.85M; exact counts follow from 3x3 convs, BN and a
    // 64->10 head.
    assertEquals(464_154L, ModelSummary.of(ResNetPreset.RESNET32.config()).parameters());
    assertEquals(658_586L, ModelSummary.of(ResNetPreset.RESNET44.config()).parameters());
    assertEquals(853_018L, ModelSummary.of(ResNetPreset.RESNET56.config()).parameters());
  }

  @Test
  void batchNormMovingStatisticsAreNotParameters() {
    ModelSummary s = ModelSummary.of(ResNetPreset.RESNET20.config());
    // 19 BN layers: stem (16) + 3 stages x 3 blocks x 2 BN of 16/32/64 channels; mean and variance
    // each.
    long bnChannels = 16 + 3 * 2 * (16 + 32 + 64);
    assertEquals(2 * bnChannels, s.nonTrainable());
  }

  @Test
  void resnet20MultiplyAccumulatesByHand() {
    // stem 32*32*(3*3*3*16); stage 1: six 16->16 convs at 32x32; stages 2 and 3: a strided conv
    // then five more at
    // 16x16 and 8x8 (each 2,359,296 but the first, 1,179,648); zero-pad shortcuts cost nothing; fc
    // 64*10.
    long expected = 32 * 32 * 432L + 6 * 2_359_296L + 2 * (1_179_648L + 5 * 2_359_296L) + 640;
    assertEquals(40_551_040L, expected);
    assertEquals(expected, ModelSummary.of(ResNetPreset.RESNET20.config()).multiplyAccumulates());
  }

  @Test
  void multiplyAccumulatesMatchPublishedFigures() {
    // ResNet-56: 125.49M in the pruning literature (e.g. Lin et al., HRank, 2020); torchvision
    // lists ResNet-18 at
    // 1.81 GFLOPS (multiply-accumulates) for 224x224; the CIFAR-stem ResNet-18 is usually quoted as
    // 0.56G.
    assertEquals(
        125.49, ModelSummary.of(ResNetPreset.RESNET56.config()).multiplyAccumulates() / 1e6, 0.005);
    assertEquals(
        1.81,
        ModelSummary.of(ResNetPreset.RESNET18.config(Stem.IMAGENET, 1000)).multiplyAccumulates()
            / 1e9,
        0.005);
    assertEquals(
        0.56,
        ModelSummary.of(ResNetPreset.RESNET18.config(Stem.CIFAR, 10)).multiplyAccumulates() / 1e9,
        0.005);
  }

  @Test
  void containerRowsSumTheirLayers() {
    ModelSummary s = ModelSummary.of(ResNetPreset.RESNET20.config());
    ModelSummary.Row layer1 =
        s.rows().stream().filter(r -> r.name().equals("layer1")).findFirst().orElseThrow();
    assertEquals(6 * 2_359_296L, layer1.multiplyAccumulates());
  }
}
