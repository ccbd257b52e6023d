package dev.fromzero.testkit.powercut;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Seeded
class PowerCutTest {

    private static byte[] bytes(int length, int fill) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    private static void append(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void syncDir(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, READ)) {
            channel.force(true);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A directory whose own entry in the root is durable, so that only what happens inside it is at stake. */
    private static Path durableDir(PowerCut power) throws IOException {
        Path dir = Files.createDirectory(power.root().resolve("d"));
        syncDir(power.root());
        return dir;
    }

    @Test
    @DisplayName("bytes forced survive every cut; bytes written after the force are lost by the harshest cut")
    void forcedBytesSurvive(@Scratch Path scratch, Seed seed) throws IOException {
        Random random = seed.random();
        for (int round = 0; round < 20; round++) {
            PowerCut power = PowerCut.in(scratch.resolve("r" + round));
            Path dir = durableDir(power);
            Path file = dir.resolve("f");
            try (FileChannel channel = FileChannel.open(file, CREATE, WRITE)) {
                append(channel, bytes(1000, 1));
                channel.force(false);
                syncDir(dir);
                append(channel, bytes(3000, 2));
                if (round == 0) {
                    power.cutLosingAllUnsynced();
                } else {
                    power.cut(random);
                }
            }
            byte[] after = Files.readAllBytes(file);
            assertThat(after.length).as("round %d (%s): the forced 1000 bytes must survive; at most 4000 can",
                    round, power.lastCut()).isBetween(1000, 4000);
            assertThat(Arrays.copyOf(after, 1000)).as("the forced bytes, unchanged").isEqualTo(bytes(1000, 1));
            for (int i = 1000; i < after.length; i++) {
                assertThat(after[i]).as("byte %d after the cut (%s): the unsynced write's data or a zero of a grown file",
                        i, power.lastCut()).isIn((byte) 0, (byte) 2);
            }
            if (round == 0) {
                assertThat(after.length).as("the harshest cut keeps only forced bytes").isEqualTo(1000);
            }
        }
    }

    @Test
    @DisplayName("failForces makes every force of a file or a directory fail and make nothing durable, until it is turned off")
    void failedForcesMakeNothingDurable(@Scratch Path scratch) throws IOException {
        PowerCut power = PowerCut.in(scratch);
        Path dir = durableDir(power);
        Path file = dir.resolve("f");
        try (FileChannel channel = FileChannel.open(file, CREATE, WRITE)) {
            append(channel, bytes(1000, 1));
            channel.force(false);
            syncDir(dir);
            append(channel, bytes(500, 2));
            power.failForces(true);
            assertThatThrownBy(() -> channel.force(false)).as("a force of a file while forces fail")
                    .isInstanceOf(IOException.class).hasMessageContaining(file.getFileName().toString());
            assertThatThrownBy(() -> syncDir(dir)).as("a sync of a directory while forces fail")
                    .isInstanceOf(IOException.class);
            power.cutLosingAllUnsynced();
        }
        assertThat(Files.size(file)).as("the failed force made the 500 bytes after the good one not durable")
                .isEqualTo(1000);
        power.failForces(false);
        try (FileChannel channel = FileChannel.open(file, WRITE, APPEND)) {
            append(channel, bytes(10, 3));
            channel.force(false);
            power.cutLosingAllUnsynced();
        }
        assertThat(Files.size(file)).as("forces work again once failForces(false)").isEqualTo(1010);
    }

    @Test
    @DisplayName("unsynced writes survive as a prefix, torn only at 512-byte sector boundaries, and a seed replays the cut")
    void tornAtSectorBoundaries(@Scratch Path scratch, Seed seed) throws IOException {
        List<Long> sizesA = new ArrayList<>();
        List<Long> sizesB = new ArrayList<>();
        boolean sawTorn = false;
        // 60 rounds check the rules; if none of them tore the middle write (a seed may draw no tear in
        // 60 cuts), more rounds follow until one does, so that the check does not depend on luck.
        for (int round = 0; round < 60 || (!sawTorn && round < 5000); round++) {
            for (List<Long> sizes : List.of(sizesA, sizesB)) {
                Random random = new Random(seed.value() + round);
                PowerCut power = PowerCut.in(scratch.resolve((sizes == sizesA ? "a" : "b") + round));
                Path dir = durableDir(power);
                Path file = dir.resolve("f");
                try (FileChannel channel = FileChannel.open(file, CREATE, WRITE)) {
                    syncDir(dir);
                    append(channel, bytes(100, 1));   // [0, 100)
                    append(channel, bytes(1400, 2));  // [100, 1500): sectors at 512 and 1024
                    append(channel, bytes(10, 3));    // [1500, 1510)
                    power.cut(random);
                }
                byte[] after = Files.readAllBytes(file);
                sizes.add((long) after.length);
                int n = after.length;
                assertThat(n).as("round %d (%s): a prefix of the three writes (100, 1500, 1510 bytes) or one cut at "
                        + "a sector boundary of the middle one", round, power.lastCut()).isIn(0, 100, 512, 1024, 1500, 1510);
                for (int i = 0; i < n; i++) {
                    byte expected = (byte) (i < 100 ? 1 : i < 1500 ? 2 : 3);
                    if (after[i] != expected) {
                        assertThat(after[i]).as("byte %d (%s): only a zero-filled tail may differ", i, power.lastCut())
                                .isEqualTo((byte) 0);
                        for (int j = i; j < n; j++) {
                            assertThat(after[j]).as("zeros run to the end of the file").isEqualTo((byte) 0);
                        }
                        break;
                    }
                }
                sawTorn |= n == 512 || n == 1024;
            }
        }
        assertThat(sizesB).as("the same seed replays the same cuts").isEqualTo(sizesA);
        assertThat(sawTorn).as("5000 random cuts must tear the 1400-byte write at least once").isTrue();
    }

    @Test
    @DisplayName("a new file is lost by the harshest cut unless its directory was synced, even if its bytes were forced")
    void createsNeedADirectorySync(@Scratch Path scratch) throws IOException {
        PowerCut power = PowerCut.in(scratch);
        Path dir = durableDir(power);
        for (String name : List.of("synced", "unsynced")) {
            try (FileChannel channel = FileChannel.open(dir.resolve(name), CREATE, WRITE)) {
                append(channel, bytes(10, 7));
                channel.force(true);
            }
            if (name.equals("synced")) {
                syncDir(dir);
            }
        }
        power.cutLosingAllUnsynced();
        assertThat(names(dir)).containsExactly("synced");
        assertThat(Files.readAllBytes(dir.resolve("synced"))).isEqualTo(bytes(10, 7));
    }

    @Test
    @DisplayName("a delete or a rename is undone by the harshest cut unless its directory was synced; a rename is atomic")
    void deletesAndRenamesNeedADirectorySync(@Scratch Path scratch, Seed seed) throws IOException {
        for (boolean sync : List.of(false, true)) {
            PowerCut power = PowerCut.in(scratch.resolve("sync-" + sync));
            Path dir = durableDir(power);
            Files.write(dir.resolve("gone"), bytes(5, 1));
            Files.write(dir.resolve("old"), bytes(6, 2));
            Files.write(dir.resolve("replaced"), bytes(7, 3));
            for (String f : List.of("gone", "old", "replaced")) {
                try (FileChannel channel = FileChannel.open(dir.resolve(f), WRITE)) {
                    channel.force(true);
                }
            }
            syncDir(dir);
            Files.delete(dir.resolve("gone"));
            Files.move(dir.resolve("old"), dir.resolve("replaced"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            if (sync) {
                syncDir(dir);
            }
            power.cutLosingAllUnsynced();
            if (sync) {
                assertThat(names(dir)).containsExactly("replaced");
                assertThat(Files.readAllBytes(dir.resolve("replaced"))).isEqualTo(bytes(6, 2));
            } else {
                assertThat(names(dir)).containsExactly("gone", "old", "replaced");
                assertThat(Files.readAllBytes(dir.resolve("gone"))).isEqualTo(bytes(5, 1));
                assertThat(Files.readAllBytes(dir.resolve("replaced"))).isEqualTo(bytes(7, 3));
            }
        }
        Random random = seed.random();
        for (int round = 0; round < 30; round++) {
            PowerCut power = PowerCut.in(scratch.resolve("random-" + round));
            Path dir = durableDir(power);
            Path sub = Files.createDirectory(dir.resolve("sub"));
            Files.write(sub.resolve("a"), bytes(3, 4));
            Files.move(sub.resolve("a"), dir.resolve("b"), StandardCopyOption.ATOMIC_MOVE);
            power.cut(random);
            List<String> top = names(dir);
            boolean inSub = top.contains("sub") && names(dir.resolve("sub")).contains("a");
            assertThat(top.contains("b") && inSub).as("round %d (%s): a rename is atomic, the file cannot be at both "
                    + "names", round, power.lastCut()).isFalse();
            if (inSub) {
                assertThat(top).as("the directory of a surviving file survives").contains("sub");
            }
        }
    }

    @Test
    @DisplayName("a directory sync keeps what a change builds on: a rename out of an unsynced directory keeps the create")
    void durableChangesKeepTheirDependencies(@Scratch Path scratch) throws IOException {
        PowerCut power = PowerCut.in(scratch);
        Path dir = durableDir(power);
        Path sub = Files.createDirectory(dir.resolve("sub"));
        try (FileChannel channel = FileChannel.open(sub.resolve("a"), CREATE, WRITE)) {
            append(channel, bytes(9, 5));
            channel.force(true);
        }
        Files.move(sub.resolve("a"), dir.resolve("a"), StandardCopyOption.ATOMIC_MOVE);
        syncDir(dir);
        power.cutLosingAllUnsynced();
        assertThat(Files.readAllBytes(dir.resolve("a"))).isEqualTo(bytes(9, 5));
    }

    @Test
    @DisplayName("a memory map reads the written bytes; after a cut the old channels fail and their locks are gone")
    void mapsAndOldChannels(@Scratch Path scratch) throws IOException {
        PowerCut power = PowerCut.in(scratch);
        Path dir = durableDir(power);
        FileChannel channel = FileChannel.open(dir.resolve("f"), CREATE, READ, WRITE);
        FileLock lock = channel.tryLock();
        assertThat(lock).isNotNull();
        append(channel, bytes(20, 9));
        MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, 20);
        assertThat(map.get(19)).isEqualTo((byte) 9);
        assertThatThrownBy(() -> channel.map(FileChannel.MapMode.READ_WRITE, 0, 20))
                .isInstanceOf(UnsupportedOperationException.class);
        power.cutLosingAllUnsynced();
        assertThatThrownBy(() -> channel.write(ByteBuffer.allocate(1)))
                .isInstanceOf(IOException.class).hasMessageContaining("power was cut");
        channel.close();
        assertThat(names(dir)).as("the file's create was never synced").isEmpty();
        try (FileChannel again = FileChannel.open(dir.resolve("f"), CREATE, WRITE, APPEND)) {
            assertThat(again.tryLock()).as("the dead process's lock is released").isNotNull();
        }
    }

    @Test
    @DisplayName("toFile() is refused with a way out, and a file written behind the file system's back fails the cut, named")
    void bypassIsReported(@Scratch Path scratch) throws IOException {
        PowerCut power = PowerCut.in(scratch);
        Path dir = durableDir(power);
        Path file = Files.write(dir.resolve("data"), bytes(4, 1));
        assertThatThrownBy(file::toFile).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("FileChannel.open(path");
        try (RandomAccessFile raf = new RandomAccessFile(file.toString(), "rw")) {
            raf.seek(1);
            raf.write(42);
        }
        assertThatThrownBy(power::cutLosingAllUnsynced).isInstanceOf(AssertionError.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("behind");
        Files.write(scratch.resolve("sneaked-in"), bytes(1, 1));
        PowerCut other = PowerCut.in(scratch.resolve("other"));
        Path made = Files.createDirectory(other.root().resolve("d"));
        Files.write(scratch.resolve("other").resolve("d").resolve("x"), bytes(1, 1));
        assertThatThrownBy(other::cutLosingAllUnsynced).isInstanceOf(AssertionError.class)
                .hasMessageContaining(made.resolve("x").toString());
    }
}
