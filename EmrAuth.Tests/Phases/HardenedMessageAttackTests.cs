using EmrAuth.Domain.Phases;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Phases;

/// <summary>The same matrix in the hardened profile, where Sig_C also covers the digest of the query it answers.</summary>
public sealed class HardenedMessageAttackTests() : MessageAttackMatrix(ProtocolProfile.Hardened)
{
    /// <summary>The paper's known gap (see <see cref="MessageAttackTests"/>) is closed: another search's answer fails Sig_C at Eq. 32.</summary>
    [Fact]
    public void An_index_answer_for_another_patient_of_the_same_doctor_is_refused_at_Eq_32()
    {
        using var scene = new VisitScene();
        var run = Alice(scene, Hop.C_C).RunUntil(Hop.C_C);
        var other = scene.Visit("patient-dan", "dr-chen", World.Cardiology, profile: Profile).RunUntil(Hop.C_C);

        AssertRejected(run, Hop.C_C, other.Pending, "Eq. 32");

        run.RunToEnd();
        run.AssertHonestOutcome();
    }
}
