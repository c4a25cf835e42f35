import DigestModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Hands a message to the system's mail transfer agent the Unix way: the `sendmail` command
/// (msmtp, Postfix, OpenSMTPD and Exim all install one) with the message on its standard input.
/// The command is run directly, never through a shell.
public enum Sendmail {
    /// Why a message could not be handed over.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var message: String
        /// Whether trying again at once may help (not when the command is missing).
        public var retryNow = true
        public var description: String { message }
    }

    /// Runs `command` (its first word a path, or a name looked up in `PATH`) with `message` on
    /// its standard input; waits at most `timeout` seconds, then stops it. Succeeds when it
    /// exits 0; otherwise the failure says how it ended, with the end of what it wrote on stderr.
    public static func send(_ message: Data, command: [String], timeout: TimeInterval = 120,
                            environment: [String: String] = ProcessInfo.processInfo.environment) async throws(Failure) {
        guard let program = command.first, let executable = locate(program, path: environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin") else {
            throw Failure(message: "the sendmail command \"\(command.first ?? "")\" was not found; install an MTA that provides one (msmtp-mta, postfix, opensmtpd) or set [delivery.email] sendmail",
                          retryNow: false)
        }
        // A command that stops reading early must not end this process with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("digest-sendmail-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let input = scratch.appendingPathComponent("message"), errors = scratch.appendingPathComponent("stderr")
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            // The message is read from a file, so a command that does not read cannot block us.
            try message.write(to: input)
            FileManager.default.createFile(atPath: errors.path, contents: nil)
        } catch {
            throw Failure(message: "cannot prepare the message for sendmail: \(error.localizedDescription)")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = Array(command.dropFirst())
        process.environment = environment
        do {
            process.standardInput = try FileHandle(forReadingFrom: input)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: errors)
            try process.run()
        } catch {
            throw Failure(message: "cannot run \(executable.path): \(error.localizedDescription)")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() >= deadline {
                process.terminate()
                try? await Task.sleep(for: .seconds(1))
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
                throw Failure(message: "\(executable.lastPathComponent) did not finish within \(Int(timeout)) s and was stopped")
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let said = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            let tail = said.split(whereSeparator: \.isNewline).suffix(3).joined(separator: " / ").clipped(to: 400)
            let how = process.terminationReason == .exit ? "exited with status \(process.terminationStatus)" : "was killed by signal \(process.terminationStatus)"
            throw Failure(message: "\(executable.lastPathComponent) \(how)" + (tail.isEmpty ? "" : ": \(tail)"))
        }
    }

    /// `program` as an executable file: itself when it names a path, else the first match in `path`.
    static func locate(_ program: String, path: String) -> URL? {
        let manager = FileManager.default
        if program.contains("/") { return manager.isExecutableFile(atPath: program) ? URL(fileURLWithPath: program) : nil }
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(program)
            if manager.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
