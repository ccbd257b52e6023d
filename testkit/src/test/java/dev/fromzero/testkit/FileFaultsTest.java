package dev.fromzero.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FileFaultsTest {

    @Test
    @DisplayName("truncate cuts a file to the given length and refuses to grow it")
    void truncates(@Scratch Path dir) throws IOException {
        Path file = Files.write(dir.resolve("f"), new byte[] {1, 2, 3, 4, 5});
        FileFaults.truncate(file, 2);
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2);
        assertThatThrownBy(() -> FileFaults.truncate(file, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("flipBit changes exactly one bit at the offset, and flipping again restores it")
    void flipsBits(@Scratch Path dir) throws IOException {
        Path file = Files.write(dir.resolve("f"), new byte[] {0, 0, 0});
        FileFaults.flipBit(file, 1, 7);
        assertThat(Files.readAllBytes(file)).containsExactly(0, 0x80, 0);
        FileFaults.flipBit(file, 1, 7);
        assertThat(Files.readAllBytes(file)).containsExactly(0, 0, 0);
    }

    @Test
    @DisplayName("overwrite and appendZeros change content without surprises; offsets past the end are refused")
    void overwritesAndAppends(@Scratch Path dir) throws IOException {
        Path file = Files.write(dir.resolve("f"), new byte[] {1, 2, 3});
        FileFaults.overwrite(file, 1, new byte[] {9, 9});
        FileFaults.appendZeros(file, 2);
        assertThat(Files.readAllBytes(file)).containsExactly(1, 9, 9, 0, 0);
        assertThat(FileFaults.readByte(file, 2)).isEqualTo((byte) 9);
        assertThatThrownBy(() -> FileFaults.overwrite(file, 4, new byte[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    }

    @Test
    @DisplayName("copyDirectory copies a tree, so a test can damage the copy and keep the original")
    void copiesTrees(@Scratch Path dir) throws IOException {
        Path source = Files.createDirectories(dir.resolve("a/b"));
        Files.write(source.resolve("x"), new byte[] {7});
        FileFaults.copyDirectory(dir.resolve("a"), dir.resolve("copy"));
        assertThat(Files.readAllBytes(dir.resolve("copy/b/x"))).containsExactly(7);
    }
}
