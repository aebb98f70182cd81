using EmrAuth.Domain.Phases;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Phases;

/// <summary>The matrix in the paper's profile, and the gap the paper leaves in it.</summary>
public sealed class MessageAttackTests() : MessageAttackMatrix(ProtocolProfile.Paper)
{
    /// <summary>
    /// A gap the paper leaves (Eq. 30), closed by Scope_P: Sig_C covers ID_DE, S_D, ID_HPC and T_C but not ID_P or anything of
    /// C_D2, so the answer to one of a doctor's searches still passes Eqs. 31–32 in another search of the same doctor and
    /// department. Before issue 11 the hospital noticed only at Eq. 47; the scope the public cloud forwards in C_C names the
    /// other patient, so the hospital now refuses C_D3 at Eq. 37.
    /// </summary>
    [Fact]
    public void An_index_answer_for_another_patient_of_the_same_doctor_passes_Eqs_31_32_and_is_refused_at_Eq_37_by_its_scope()
    {
        using var scene = new VisitScene();
        var run = Alice(scene, Hop.C_C).RunUntil(Hop.C_C);
        var other = scene.Visit("patient-dan", "dr-chen", World.Cardiology, profile: Profile).RunUntil(Hop.C_C);

        run.Deliver(other.Pending);

        Assert.Equal("HPC-South", run.Search!.HospitalId);
        AssertRejected(run, Hop.C_D3, run.Pending, "Eq. 37");
    }
}
