# The test executables (tests/<name>.cpp), one per unit.
semcot_add_test(test_layers LABELS core)
semcot_add_test(test_model LABELS core)
semcot_add_test(test_model_families LABELS core)
semcot_add_test(test_sampling LABELS core)
semcot_add_test(test_safetensors LABELS core)
semcot_add_test(test_checkpoint LABELS core)
semcot_add_test(test_tokenizer LABELS core)
semcot_add_test(test_golden LABELS core)
semcot_add_test(test_cli LABELS core)
semcot_add_test(test_data LABELS core)
semcot_add_test(test_scoring LABELS core)

if(TARGET test_cli)
    target_compile_definitions(test_cli PRIVATE SEMCOT_CLI="$<TARGET_FILE:semcot>")
    add_dependencies(test_cli semcot)
endif()

# SemCoT method (issue 3)
semcot_add_test(test_semcot_losses LABELS core)
semcot_add_test(test_sentence_transformer LABELS core)
semcot_add_test(test_contemplation LABELS core)
semcot_add_test(test_lm_trainer LABELS core)
semcot_add_test(test_stage_runner LABELS core)
semcot_add_test(test_semcot_run LABELS core slow)
semcot_add_test(test_cg_recipe LABELS core slow)

# Comparison reports and translations (issue 6): GUI builds only.
if(TARGET semcot_report)
    semcot_add_test(test_report LABELS ui LIBS semcot_report)
endif()
if(TARGET semcot_ui)
    semcot_add_test(test_report_dialog LABELS ui LIBS semcot_ui)
    semcot_add_test(test_i18n LABELS ui LIBS semcot_ui)
    if(TARGET test_i18n)
        target_compile_definitions(test_i18n PRIVATE
            SEMCOT_TRANSLATIONS_DIR="${CMAKE_SOURCE_DIR}/translations")
    endif()
endif()

# Implicit-token analysis (issue 4)
semcot_add_test(test_analysis LABELS core)

# The desktop app (issue 5): GUI builds only; run with QT_QPA_PLATFORM=offscreen.
if(TARGET semcot_ui)
    semcot_add_test(test_main_window LABELS ui LIBS semcot_ui)
    semcot_add_test(test_training_view LABELS ui LIBS semcot_ui)
    semcot_add_test(test_alignment_heatmap LABELS ui LIBS semcot_ui)
    # Runs the semcot-studio executable (its command line, issue 10).
    semcot_add_test(test_studio_cli LABELS ui LIBS Qt6::Core)
    if(TARGET test_studio_cli)
        add_dependencies(test_studio_cli semcot-studio)
    endif()
endif()
