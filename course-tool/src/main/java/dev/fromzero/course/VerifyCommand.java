package dev.fromzero.course;

import dev.fromzero.course.verify.Verifier;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./course verify}: the instructor's and CI's proof that the course is consistent. It
 * exits 1 if any check failed; the last line it prints is {@code verify: X passed, Y failed}.
 */
@Command(name = "verify",
        description = {"Check the whole course (CI runs this).",
                "Starters are up to date, the tool's own tests pass, the reference passes every suite,",
                "every starter fails its chapter's tests, and every mutant is caught."})
final class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Option(names = "--chapter", paramLabel = "N", description = "Check only chapter N.")
    private Integer chapter;

    @Option(names = "--skip-tool-tests", description = "Do not run the tests of testkit and the course tool.")
    private boolean skipToolTests;

    @Option(names = "--skip-mutants", description = "Do not run the mutants of solutions/mutants/.")
    private boolean skipMutants;

    @Option(names = "--verbose", description = "Also print everything the tests wrote to stdout and stderr.")
    private boolean verbose;

    @Override
    public Integer call() {
        int failed = Verifier.run(main.course(), new Verifier.Options(chapter, skipToolTests, skipMutants, verbose), System.out);
        return failed == 0 ? 0 : 1;
    }
}
