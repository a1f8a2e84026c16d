"""One module a command (`build`, `serve`, `new`, `add`) and what they print; `generator.cli`
only reads the arguments and calls them."""
