/// How every write of a branch begins (docs/reliability.md): the ledger lock taken, what a
/// killed write left behind recovered under it, and the branch named — the one given, else
/// HEAD's. The caller unlocks (`defer { write.lock.unlock() }`).
struct BranchWrite {
    let lock: LedgerLock
    let refName: String
    /// Whether `refName` is the branch the work tree has checked out.
    let checkedOut: Bool
}

extension Repository {
    func beginBranchWrite(_ branch: String?, lockTimeout: Double) throws -> BranchWrite {
        _ = Libgit2.initialized
        let lock = try LedgerLock(gitDir: gitDir, timeout: lockTimeout)
        do {
            // One listing of `.git/kpi` says whether there is anything to recover (the recovery
            // itself lists it once per kind of leftover).
            if hasLeftovers { _ = try recoverUnderLedgerLock() }
            let head = headBranch
            let refName = try branch.map(Repository.branchReference) ?? head ?? "HEAD"
            return BranchWrite(lock: lock, refName: refName, checkedOut: refName == head || (head == nil && refName == "HEAD"))
        } catch {
            lock.unlock()
            throw error
        }
    }
}
