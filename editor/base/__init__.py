"""Qt-free helpers below the model: the user's folders and the bundled resources."""
