package dev.fromzero.testkit.powercut;

import dev.fromzero.testkit.powercut.Crash.Tear;
import dev.fromzero.testkit.powercut.Nodes.NameChange;
import dev.fromzero.testkit.powercut.Nodes.Write;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A simulated power cut, for tests of code that must survive one. {@code kill -9} keeps the
 * operating system's page cache, so it cannot tell code that syncs from code that never does;
 * this can.
 *
 * <pre>{@code
 * PowerCut power = PowerCut.in(scratch);
 * Path dir = power.root().resolve("store");     // give this Path to the code under test
 * ... write, sync, write ...
 * power.cut(seed.random());                     // the machine loses power
 * ... reopen the store on dir and check what survived ...
 * }</pre>
 *
 * <p>{@link #root()} is a directory of a {@link java.nio.file.FileSystem} that wraps the default
 * one: files are real files in {@code directory}, and every change made through its paths is
 * recorded. The rules of what reaches the disk are those of the crash-consistency studies
 * (ALICE, CrashMonkey) and of SQLite's and RocksDB's crash-test file systems:
 * <ul>
 *   <li><b>Bytes.</b> A file's bytes are durable up to its last {@code FileChannel.force}. Later
 *       writes reach the disk in the order they were made, and a cut keeps some of them: a
 *       prefix, whose last write may be torn at a 512-byte sector boundary (and, when it grew the
 *       file, end in zeros where its data had not arrived). So a log that syncs nothing still
 *       keeps a prefix of its writes, never a hole in the middle.
 *   <li><b>Names.</b> A create, rename or delete is durable once a directory it touches has been
 *       synced ({@code FileChannel.open(dir, READ).force(true)}), together with the earlier
 *       changes it builds on (a rename of a file keeps the file's create). Other changes of names
 *       survive a cut or not independently of each other, in any combination that keeps what
 *       each builds on. A rename is atomic: after a cut the file is under one of its two names.
 * </ul>
 *
 * <p>After a cut, channels opened before it fail (that process is gone) and the directory holds
 * what survived, all of it durable. The code under test must open its files through the
 * {@link Path} it was given ({@code FileChannel.open}, {@code Files.*}); {@code toFile()} throws,
 * and a file changed behind the file system's back ({@code RandomAccessFile}, {@code new
 * File(path.toString())}) makes the next cut fail, naming the file.
 */
public final class PowerCut {

    private final Disk disk;
    private final CutFileSystem fs;
    private String lastCut = "no cut yet";

    private PowerCut(Disk disk) {
        this.disk = disk;
        this.fs = new CutFileSystem(disk);
    }

    /**
     * A power-cut file system whose root is {@code directory} (created if missing). What is in
     * it already counts as durable. It keeps its bookkeeping in {@code directory/.powercut}:
     * give the code under test a directory below the root, such as {@code root().resolve("store")}.
     */
    public static PowerCut in(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        return new PowerCut(new Disk(directory));
    }

    /** The root directory, as a path of the power-cut file system. */
    public Path root() {
        return fs.wrap(disk.realRoot);
    }

    /**
     * Cuts the power, leaving a state drawn with {@code random} from those the rules allow: some
     * cuts lose every change that is not durable, some keep all they can, most keep a random
     * part, with torn writes.
     *
     * @return what the cut lost, in words, for a test's failure message
     */
    public String cut(Random random) {
        double keepNames = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 1;
            default -> 0.5;
        };
        lastCut = Crash.cut(disk, new Crash.Choices() {
            @Override
            public boolean keep(NameChange change) {
                return random.nextDouble() < keepNames;
            }

            @Override
            public int kept(int pending) {
                return random.nextInt(pending + 1);
            }

            @Override
            public Tear tear(Write write) {
                long firstSector = write.offset() / Crash.SECTOR;
                long boundaries = (write.end() - 1) / Crash.SECTOR - firstSector;
                boolean grew = write.end() > write.sizeBefore();
                if (random.nextBoolean() || (boundaries == 0 && !grew)) {
                    return null;
                }
                long pick = grew ? random.nextInt((int) Math.min(boundaries, 1 << 20) + 1) : 1 + random.nextInt((int) Math.min(boundaries, 1 << 20));
                long at = pick == 0 ? write.offset() : (firstSector + pick) * Crash.SECTOR;
                return new Tear(at, grew && (pick == 0 || random.nextBoolean()));
            }
        });
        return lastCut;
    }

    /**
     * Cuts the power, leaving only what is durable: the harshest cut the rules allow, and the one
     * that always shows a missing sync.
     *
     * @return what the cut lost, in words
     */
    public String cutLosingAllUnsynced() {
        lastCut = Crash.cut(disk, new Crash.Choices() {
            @Override
            public boolean keep(NameChange change) {
                return false;
            }

            @Override
            public int kept(int pending) {
                return 0;
            }

            @Override
            public Tear tear(Write write) {
                return null;
            }
        });
        return lastCut;
    }

    /**
     * Makes every later {@code force}, of a file or a directory, fail with an {@link IOException}
     * ({@code fail} true), as {@code fsync} fails when the disk does, or succeed again (false). A
     * failed force makes nothing durable.
     */
    public void failForces(boolean fail) {
        disk.forcesFail = fail;
    }

    /** What the last cut lost, in words. */
    public String lastCut() {
        return lastCut;
    }
}
