CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY,
    "Timestamp" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "Accounts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Accounts" PRIMARY KEY AUTOINCREMENT,
    "UserName" TEXT NOT NULL,
    "PasswordHash" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "PartyId" TEXT NULL,
    "DisplayName" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL
);
CREATE TABLE sqlite_sequence(name,seq);
CREATE TABLE IF NOT EXISTS "Certificates" (
    "Serial" TEXT NOT NULL CONSTRAINT "PK_Certificates" PRIMARY KEY,
    "DoctorId" TEXT NOT NULL,
    "DepartmentId" TEXT NOT NULL,
    "NotBefore" INTEGER NOT NULL,
    "NotAfter" INTEGER NOT NULL,
    "Encoded" BLOB NOT NULL,
    "RevokedAt" TEXT NULL,
    "RevocationReason" TEXT NULL
);
CREATE TABLE IF NOT EXISTS "CloudSecrets" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CloudSecrets" PRIMARY KEY AUTOINCREMENT,
    "SealedMasterSecret" BLOB NOT NULL,
    "SealedCloudKey" BLOB NOT NULL,
    "SealedAuthorityKey" BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS "Departments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Departments" PRIMARY KEY AUTOINCREMENT,
    "HospitalId" TEXT NOT NULL,
    "DepartmentId" TEXT NOT NULL,
    "Name" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "EmrEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_EmrEntries" PRIMARY KEY AUTOINCREMENT,
    "HospitalId" TEXT NOT NULL,
    "PatientId" TEXT NOT NULL,
    "DepartmentId" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "Author" TEXT NOT NULL,
    "SealedText" BLOB NOT NULL,
    "AuthorSignature" BLOB NULL
);
CREATE TABLE IF NOT EXISTS "IndexRecords" (
    "KeyHex" TEXT NOT NULL CONSTRAINT "PK_IndexRecords" PRIMARY KEY,
    "Masked" BLOB NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "Registrations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Registrations" PRIMARY KEY AUTOINCREMENT,
    "PartyId" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "DisplayName" TEXT NOT NULL,
    "DepartmentId" TEXT NULL,
    "Status" TEXT NOT NULL,
    "RequestedAt" INTEGER NOT NULL,
    "DecidedAt" TEXT NULL,
    "DecisionNote" TEXT NULL,
    "R" BLOB NULL,
    "SealedScalar" BLOB NULL,
    "SealedBiometricPassword" BLOB NULL,
    "CertificateSerial" TEXT NULL
);
CREATE TABLE IF NOT EXISTS "Visits" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Visits" PRIMARY KEY,
    "PatientId" TEXT NOT NULL,
    "DoctorId" TEXT NOT NULL,
    "DepartmentId" TEXT NULL,
    "HospitalId" TEXT NULL,
    "Status" TEXT NOT NULL,
    "Profile" TEXT NOT NULL,
    "StartedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "Outcome" TEXT NULL,
    "SealedDiagnosis" BLOB NULL
);
CREATE TABLE IF NOT EXISTS "VisitEvents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_VisitEvents" PRIMARY KEY AUTOINCREMENT,
    "VisitId" TEXT NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "SealedPayload" BLOB NOT NULL,
    CONSTRAINT "FK_VisitEvents_Visits_VisitId" FOREIGN KEY ("VisitId") REFERENCES "Visits" ("Id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "IX_Accounts_UserName" ON "Accounts" ("UserName");
CREATE INDEX "IX_Certificates_DoctorId" ON "Certificates" ("DoctorId");
CREATE UNIQUE INDEX "IX_Departments_HospitalId_DepartmentId" ON "Departments" ("HospitalId", "DepartmentId");
CREATE INDEX "IX_EmrEntries_HospitalId_PatientId_DepartmentId" ON "EmrEntries" ("HospitalId", "PatientId", "DepartmentId");
CREATE UNIQUE INDEX "IX_Registrations_Role_PartyId" ON "Registrations" ("Role", "PartyId");
CREATE UNIQUE INDEX "IX_VisitEvents_VisitId_Sequence" ON "VisitEvents" ("VisitId", "Sequence");
CREATE INDEX "IX_Visits_DoctorId" ON "Visits" ("DoctorId");
CREATE INDEX "IX_Visits_PatientId" ON "Visits" ("PatientId");
CREATE TABLE IF NOT EXISTS "ArchivedRecords" (
    "HospitalId" TEXT NOT NULL,
    "PatientId" TEXT NOT NULL,
    "DepartmentId" TEXT NOT NULL,
    "MigratedTo" TEXT NOT NULL,
    "ArchivedAt" INTEGER NOT NULL,
    "SealedRecord" BLOB NOT NULL,
    CONSTRAINT "PK_ArchivedRecords" PRIMARY KEY ("HospitalId", "PatientId", "DepartmentId")
);
CREATE TABLE IF NOT EXISTS "HospitalCertificates" (
    "Serial" TEXT NOT NULL CONSTRAINT "PK_HospitalCertificates" PRIMARY KEY,
    "HospitalId" TEXT NOT NULL,
    "NotBefore" INTEGER NOT NULL,
    "NotAfter" INTEGER NOT NULL,
    "Encoded" BLOB NOT NULL,
    "RevokedAt" TEXT NULL,
    "RevocationReason" TEXT NULL
);
CREATE TABLE IF NOT EXISTS "MigrationPartyStates" (
    "PartyId" TEXT NOT NULL CONSTRAINT "PK_MigrationPartyStates" PRIMARY KEY,
    "SealedState" BLOB NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "Migrations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Migrations" PRIMARY KEY,
    "PatientId" TEXT NOT NULL,
    "SourceId" TEXT NOT NULL,
    "DestinationId" TEXT NOT NULL,
    "DepartmentId" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "NextStep" TEXT NOT NULL,
    "StartedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "Outcome" TEXT NULL,
    "FailedCheck" TEXT NULL,
    "Proof" BLOB NULL,
    "ProofIssuedAt" TEXT NULL,
    "RecordDigest" BLOB NULL,
    "ReceiptCertificate" TEXT NULL,
    "ReceiptSignature" BLOB NULL,
    "ReceiptSignedAt" TEXT NULL
);
CREATE TABLE IF NOT EXISTS "TtphSecrets" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_TtphSecrets" PRIMARY KEY AUTOINCREMENT,
    "TtphId" TEXT NOT NULL,
    "SealedAuthorityKey" BLOB NOT NULL,
    "SealedEncryptionKey" BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS "MigrationEvents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MigrationEvents" PRIMARY KEY AUTOINCREMENT,
    "MigrationId" TEXT NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "SealedPayload" BLOB NOT NULL,
    CONSTRAINT "FK_MigrationEvents_Migrations_MigrationId" FOREIGN KEY ("MigrationId") REFERENCES "Migrations" ("Id") ON DELETE CASCADE
);
CREATE INDEX "IX_HospitalCertificates_HospitalId" ON "HospitalCertificates" ("HospitalId");
CREATE UNIQUE INDEX "IX_MigrationEvents_MigrationId_Sequence" ON "MigrationEvents" ("MigrationId", "Sequence");
CREATE INDEX "IX_Migrations_DestinationId" ON "Migrations" ("DestinationId");
CREATE INDEX "IX_Migrations_PatientId" ON "Migrations" ("PatientId");
CREATE INDEX "IX_Migrations_SourceId" ON "Migrations" ("SourceId");
CREATE TABLE IF NOT EXISTS "AuditEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY AUTOINCREMENT,
    "Sequence" INTEGER NOT NULL,
    "PreviousHash" BLOB NOT NULL,
    "Hash" BLOB NOT NULL,
    "At" INTEGER NOT NULL,
    "Actor" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "Outcome" TEXT NOT NULL,
    "PatientId" TEXT NULL
);
CREATE INDEX "IX_AuditEntries_At" ON "AuditEntries" ("At");
CREATE INDEX "IX_AuditEntries_PatientId" ON "AuditEntries" ("PatientId");
CREATE UNIQUE INDEX "IX_AuditEntries_Sequence" ON "AuditEntries" ("Sequence");
