using EmrAuth.Domain.Phases;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Phases;

/// <summary>The matrix in the paper's profile, and the gap the paper leaves in it.</summary>
public sealed class MessageAttackTests() : MessageAttackMatrix(ProtocolProfile.Paper)
{
    /// <summary>
    /// Known gap, inherited from the paper (Eq. 30): Sig_C covers ID_DE, S_D, ID_HPC and T_C but not ID_P or anything of C_D2, so the
    /// answer to one of a doctor's searches passes Eqs. 31–32 in another search of the same doctor and department. The doctor is sent
    /// to the wrong hospital, which notices only at Eq. 47. When C_C is bound to its query, invert this test.
    /// </summary>
    [Fact]
    public void Known_gap_an_index_answer_for_another_patient_of_the_same_doctor_passes_Eqs_31_32_and_fails_only_at_Eq_47()
    {
        using var scene = new VisitScene();
        var run = Alice(scene, Hop.C_C).RunUntil(Hop.C_C);
        var other = scene.Visit("patient-dan", "dr-chen", World.Cardiology, profile: Profile).RunUntil(Hop.C_C);

        run.Deliver(other.Pending);

        Assert.Equal("HPC-South", run.Search!.HospitalId);
        run.RunUntil(Hop.C_D4);
        AssertRejected(run, Hop.C_D4, run.Pending, "Eq. 47");
    }
}
