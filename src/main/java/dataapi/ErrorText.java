package dataapi;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A failure as people are told it, on the command line or in a message: what failed and why. A file
 * system exception's own message is often only its path ({@code /data/.lock}), with the reason in its type.
 */
public final class ErrorText {
    private ErrorText() {
    }

    /** The whole failure, e.g. {@code /data/.lock: permission denied}. */
    public static String of(Throwable e) {
        if (e instanceof FileSystemException failure && failure.getReason() == null) {
            return failure.getMessage() + ": " + reason(failure);
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Why, without the path, for a line that names the file itself: {@code cannot write F: permission denied}. */
    public static String reason(Exception e) {
        if (e instanceof FileSystemException failure) {
            if (failure.getReason() != null) {
                return failure.getReason();
            }
            if (failure instanceof AccessDeniedException) {
                return "permission denied";
            }
            if (failure instanceof NoSuchFileException) {
                return "no such file or directory";
            }
            if (failure instanceof NotDirectoryException) {
                return "not a directory";
            }
            if (failure instanceof FileAlreadyExistsException) {
                return "already exists";
            }
            if (failure instanceof DirectoryNotEmptyException) {
                return "directory not empty";
            }
            return failure.getClass().getSimpleName();
        }
        return of(e);
    }
}
