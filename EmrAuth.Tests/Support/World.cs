using EmrAuth.Domain.Phases;

namespace EmrAuth.Tests.Support;

/// <summary>A small deployment: two hospitals, three doctors in two departments, four patients with records.</summary>
public static class World
{
    public const string Cardiology = "cardiology";
    public const string Neurology = "neurology";

    public static Deployment Build(ManualClock clock, ProtocolOptions? options = null)
    {
        var deployment = new Deployment(clock, options);
        deployment.AddHospital("HPC-North");
        deployment.AddHospital("HPC-South");
        deployment.AddDoctor("dr-chen", Cardiology);
        deployment.AddDoctor("dr-huang", Neurology);
        deployment.AddDoctor("dr-deng", Cardiology);
        deployment.AddPatient("patient-alice", "alice-fingerprint-template");
        deployment.AddPatient("patient-bob", "bob-fingerprint-template");
        deployment.AddPatient("patient-carol", "carol-fingerprint-template");
        deployment.AddPatient("patient-dan", "dan-fingerprint-template");
        deployment.AddRecord("HPC-North", "patient-alice", Cardiology, "2024 stent placed; on aspirin.");
        deployment.AddRecord("HPC-South", "patient-alice", Neurology, "2025 migraine with aura.");
        deployment.AddRecord("HPC-South", "patient-bob", Cardiology, "Hypertension, on ACE inhibitor.");
        deployment.AddRecord("HPC-North", "patient-carol", Neurology, "Epilepsy, seizure-free since 2023.");
        deployment.AddRecord("HPC-South", "patient-dan", Cardiology, "Atrial fibrillation, anticoagulated.");
        return deployment;
    }
}
